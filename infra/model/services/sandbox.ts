import type { StackConfig } from "../../config/schema.js";
import { hardened, healthcheck, httpProbe, tmpDir } from "../hardening.js";
import { PORTS } from "../ports.js";
import type { ServiceSpec } from "../types.js";

/**
 * The most a job may ask for: the sandbox enforces these, and the api, given the same, states them in
 * its document and refuses more itself (so a request the document allows is one the sandbox takes).
 */
export const sandboxMaximaEnv = (cfg: StackConfig): Record<string, string> => ({
  SANDBOX_MAX_WALL_MS: String(cfg.sandbox.maxWallMs),
  SANDBOX_MAX_MEMORY_MIB: String(cfg.sandbox.maxMemoryMiB),
  SANDBOX_MAX_OUTPUT_BYTES: String(cfg.sandbox.maxOutputBytes),
});

/**
 * Runs untrusted code as WASM in locked-down workers. Only on the sandbox network (shared with the
 * api alone, internal: no route out): an escape reaches no database, no proxy and no Prometheus. Its
 * metrics reach Prometheus through the api's relay (model/metricsReach.ts).
 */
export function sandboxService(cfg: StackConfig): ServiceSpec {
  const base = hardened("sandbox", cfg);
  return {
    ...base,
    name: "sandbox",
    command: ["node", "/app/dist/src/sandbox/main.js"],
    networks: ["sandbox"],
    env: {
      HOST: "0.0.0.0",
      PORT: String(PORTS.sandboxHttp),
      METRICS_PORT: String(PORTS.sandboxMetrics),
      LOG_LEVEL: cfg.service.logLevel,
      SANDBOX_TOKEN_FILE: "/run/secrets/sandbox_token",
      SANDBOX_POOL_SIZE: String(cfg.sandbox.poolSize),
      ...sandboxMaximaEnv(cfg),
    },
    secrets: ["sandbox_token"],
    ports: [
      { name: "http", container: PORTS.sandboxHttp },
      { name: "metrics", container: PORTS.sandboxMetrics },
    ],
    tmpfs: [tmpDir(32)],
    healthcheck: healthcheck(httpProbe(PORTS.sandboxHttp, "/health/live"), 20),
  };
}
