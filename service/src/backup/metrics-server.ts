import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { BackupMetrics } from "./metrics.js";

/** What /health/live reports besides "ok": enough for an operator to see the scheduler is alive. */
export interface SchedulerStatus {
  running: boolean;
  next_run_at: string | null;
  /** Set by `observe` only (it never backs up, so running stays false and next_run_at null). */
  mode?: "observe";
}

/**
 * The job's only listener, on METRICS_PORT: /metrics for Prometheus and /health/live for the
 * container healthcheck. Liveness does not depend on Postgres: a database outage is a failed
 * run, shown in the metrics, not a reason to restart the job.
 */
export function buildMetricsServer(
  metrics: BackupMetrics,
  status: () => SchedulerStatus,
  logger?: Logger,
): FastifyInstance {
  const loggerInstance: FastifyBaseLogger | undefined = logger?.child({ listener: "metrics" });
  // Scrapes and healthchecks every few seconds would drown the job's own log lines.
  const server = Fastify({ loggerInstance, logController: new LogController({ disableRequestLogging: true }) });
  server.get("/metrics", async (_request, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  server.get("/health/live", async () => ({ status: "ok", ...status() }));
  return server;
}
