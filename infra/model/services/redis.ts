import type { StackConfig } from "../../config/schema.js";
import { hardened, healthcheck } from "../hardening.js";
import { PORTS } from "../ports.js";
import type { ServiceSpec } from "../types.js";

/** Cache and rate-limit store: nothing in it must survive, so no volume and no persistence. */
export function redisService(cfg: StackConfig): ServiceSpec {
  return {
    ...hardened("redis", cfg),
    name: "redis",
    networks: ["backend"],
    env: {
      REDIS_PASSWORD_FILE: "/run/secrets/redis_password",
      REDIS_MAXMEMORY_MB: String(Math.floor(limitsMb(cfg) * 0.75)),
    },
    secrets: ["redis_password"],
    ports: [{ name: "redis", container: PORTS.redis }],
    healthcheck: healthcheck(["CMD", "/usr/local/bin/redis-health"]),
  };
}

function limitsMb(cfg: StackConfig): number {
  return hardened("redis", cfg).limits.memoryMiB;
}
