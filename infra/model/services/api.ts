import type { Colour, StackConfig } from "../../config/schema.js";
import { hardened, healthcheck, httpProbe } from "../hardening.js";
import { PORTS } from "../ports.js";
import { metricsAlias, SANDBOX_METRICS_URL, SANDBOX_RELAY } from "../metricsReach.js";
import type { ServiceSpec } from "../types.js";
import { DATABASE, DATABASE_ROLES, secretFile } from "../database.js";
import { sandboxMaximaEnv } from "./sandbox.js";

/**
 * One api container of a colour; replicas share the colour alias `api-<colour>`. Its metrics listener
 * binds its metrics-only alias; with a sandbox, every replica also relays the sandbox's metrics.
 */
export function apiService(cfg: StackConfig, colour: Colour, index: number, imageRef: string): ServiceSpec {
  const name = `api-${colour}-${index}`;
  return {
    ...hardened("api", cfg),
    name,
    colour,
    networks: cfg.sandbox.enabled ? ["edge", "backend", "metrics", "sandbox"] : ["edge", "backend", "metrics"],
    aliases: [`api-${colour}`],
    metricsAliases: cfg.sandbox.enabled ? [metricsAlias(name), SANDBOX_RELAY.alias] : [metricsAlias(name)],
    env: { ...apiEnv(cfg, colour, imageRef), METRICS_HOST: metricsAlias(name) },
    secrets: [
      DATABASE_ROLES.app.secret,
      DATABASE_ROLES.owner.secret,
      "redis_password",
      "admin_api_key",
      ...(cfg.sandbox.enabled ? (["sandbox_token"] as const) : []),
    ],
    ports: [
      { name: "http", container: PORTS.apiHttp },
      { name: "metrics", container: PORTS.apiMetrics },
    ],
    healthcheck: healthcheck(httpProbe(PORTS.apiHttp, "/health/live"), 20),
    dependsOn: ["postgres", "redis"],
  };
}

/** proxy-addr's names for 10/8, 172.16/12, 192.168/16 and fc00::/7. */
export const API_TRUSTED_PROXIES = "uniquelocal";

function apiEnv(cfg: StackConfig, colour: Colour, imageRef: string): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: "production",
    HOST: "0.0.0.0",
    PORT: String(PORTS.apiHttp),
    METRICS_PORT: String(PORTS.apiMetrics),
    LOG_LEVEL: cfg.service.logLevel,
    APP_COLOUR: colour,
    APP_VERSION: imageRef,
    DATABASE_HOST: "postgres",
    DATABASE_PORT: String(PORTS.postgres),
    DATABASE_NAME: DATABASE.name,
    // Serving as the app role; migrating, on a connection of its own, as the owner (infra/model/database.ts).
    DATABASE_USER: DATABASE_ROLES.app.role,
    DATABASE_PASSWORD_FILE: secretFile(DATABASE_ROLES.app.secret),
    DATABASE_MIGRATION_USER: DATABASE_ROLES.owner.role,
    DATABASE_MIGRATION_PASSWORD_FILE: secretFile(DATABASE_ROLES.owner.secret),
    REDIS_HOST: "redis",
    REDIS_PORT: String(PORTS.redis),
    REDIS_PASSWORD_FILE: "/run/secrets/redis_password",
    BOOTSTRAP_ADMIN_KEY_FILE: "/run/secrets/admin_api_key",
    INPUT_MAX_CHARS: String(cfg.service.inputMaxChars),
    CORS_ORIGINS: cfg.service.corsOrigins.join(","),
    // The api sends HSTS as the proxy does (tls.hsts), so the header means the same on every hop.
    HSTS: String(cfg.tls.hsts),
    // The proxy sets X-Forwarded-For to the client; the api believes it only from private-range peers.
    // Only the proxy shares the edge network with the api (the isolation suite proves it), and Docker
    // and Kubernetes draw container addresses from these ranges: without it every client behind the
    // proxy would share one per-address budget.
    TRUST_PROXY: API_TRUSTED_PROXIES,
    ENABLE_TEST_ROUTES: String(cfg.service.testRoutes),
    SHED_MAX_EVENT_LOOP_UTILIZATION: String(cfg.service.overload.maxEventLoopUtilization),
    SHED_MAX_EVENT_LOOP_DELAY_MS: String(cfg.service.overload.maxEventLoopDelayMs),
    RATE_LIMIT_PER_KEY_PER_MINUTE: String(cfg.service.rateLimits.perKeyPerMinute),
    RATE_LIMIT_GLOBAL_PER_MINUTE: String(cfg.service.rateLimits.globalPerMinute),
    PRE_AUTH_LIMIT_PER_ADDRESS_PER_MINUTE: String(cfg.service.rateLimits.preAuthPerAddressPerMinute),
  };
  if (cfg.sandbox.enabled) {
    env.SANDBOX_URL = `http://sandbox:${PORTS.sandboxHttp}`;
    env.SANDBOX_TOKEN_FILE = "/run/secrets/sandbox_token";
    env.SANDBOX_METRICS_URL = SANDBOX_METRICS_URL;
    Object.assign(env, sandboxMaximaEnv(cfg));
  }
  return env;
}
