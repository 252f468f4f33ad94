import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Metrics } from "./metrics.js";

/**
 * The metrics listener: a second Fastify instance on METRICS_PORT so /metrics is reachable only
 * on the internal metrics network, never through the API port the proxy forwards to.
 */
export function buildMetricsServer(metrics: Metrics, logger?: Logger): FastifyInstance {
  const server = Fastify({
    ...(logger ? { loggerInstance: logger.child({ listener: "metrics" }) as FastifyBaseLogger } : { logger: false }),
    // Scrapes every few seconds would drown the request log.
    logController: new LogController({ disableRequestLogging: true }),
  });
  server.get("/metrics", async (_request, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  return server;
}
