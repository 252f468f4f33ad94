import { strictBodySchemaController } from "./plugins/validation.js";
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import type { EngineThreads } from "./engines/pool/engine-threads.js";
import { DrainState, installDrainConnectionClose } from "./lifecycle/drain-state.js";
import { installBodyDeadline } from "./plugins/body-deadline.js";
import { answerClientError } from "./plugins/client-errors.js";
import { serverTimeoutOptions } from "./plugins/client-timeouts.js";
import { installErrorHandlers } from "./plugins/error-handler.js";
import { createMetrics, installHttpMetrics, type Metrics } from "./plugins/metrics.js";
import { installRequestContext, requestIdFor } from "./plugins/request-context.js";
import { installVersionHeaders } from "./plugins/version-headers.js";
import type { RouteContext } from "./routes/context.js";
import { enabledRoutes } from "./routes/index.js";
import { registerOpenApi } from "./routes/openapi.js";
import { secureHeaders } from "./security/secure-headers.js";

/** Deadline of each readiness probe (Postgres SELECT 1, Redis PING), in milliseconds. */
export const READINESS_TIMEOUT_MS = 1_500;

export interface AppDeps {
  config: Config;
  pool: pg.Pool;
  redis: Redis;
  /** Request and error logs; default none (tests). */
  logger?: Logger;
  /** Shared with the metrics listener; default a fresh registry. */
  metrics?: Metrics;
  /** Flipped by the shutdown handler; default a fresh, not-draining state. */
  drain?: DrainState;
  /** Default READINESS_TIMEOUT_MS. */
  readinessTimeoutMs?: number;
  /** Math and logic on worker threads; default none: they run on the event loop (tests). */
  engineThreads?: EngineThreads;
}

/** The API as a Fastify instance, not yet listening (tests use app.inject, main.ts listens). */
export function buildApp(deps: AppDeps): FastifyInstance {
  const context = routeContext(deps);
  const app = Fastify({
    // pino's Logger is structurally wider than Fastify's logger interface, hence the narrowing.
    ...(deps.logger ? { loggerInstance: deps.logger as FastifyBaseLogger } : { logger: false }),
    genReqId: requestIdFor,
    requestIdHeader: false,
    return503OnClosing: true,
    // Bodies validated strictly (no coercion, undeclared properties refused); see plugins/validation.ts.
    schemaController: strictBodySchemaController(),
    // Slow clients are cut by deadline and answered in the API's error body (plugins/client-*.ts).
    ...serverTimeoutOptions(deps.config.clientTimeouts),
    clientErrorHandler: answerClientError,
    // request.ip: the peer, or the client named in X-Forwarded-For when the peer is a TRUST_PROXY (security README).
    trustProxy: deps.config.trustProxy.length > 0 ? deps.config.trustProxy : false,
  });
  installRequestContext(app);
  installVersionHeaders(app, deps.config.app);
  installHttpMetrics(app, context.metrics);
  installDrainConnectionClose(app, context.drain);
  installErrorHandlers(app);
  installBodyDeadline(app, deps.config.clientTimeouts.bodyMs);
  void app.register(helmet, secureHeaders(deps.config.hsts));
  void app.register(cors, { origin: deps.config.corsOrigins.length > 0 ? deps.config.corsOrigins : false });
  registerOpenApi(app, deps.config);
  for (const route of enabledRoutes(deps.config)) void app.register(route.plugin, context);
  return app;
}

function routeContext(deps: AppDeps): RouteContext {
  return {
    config: deps.config,
    pool: deps.pool,
    redis: deps.redis,
    metrics: deps.metrics ?? createMetrics(),
    drain: deps.drain ?? new DrainState(),
    readinessTimeoutMs: deps.readinessTimeoutMs ?? READINESS_TIMEOUT_MS,
    ...(deps.engineThreads ? { engineThreads: deps.engineThreads } : {}),
  };
}
