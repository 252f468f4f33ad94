import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Metrics } from "./metrics.js";

/** How long a scrape of /metrics/sandbox waits for the sandbox, under Prometheus's usual 10 s scrape timeout. */
export const SANDBOX_METRICS_TIMEOUT_MS = 5000;
/** Errors of `listen` that mean METRICS_HOST names no address of this container. */
const UNUSABLE_HOST_CODES = ["ENOTFOUND", "EAI_AGAIN", "EADDRNOTAVAIL"];

/**
 * The metrics listener: a second Fastify instance on METRICS_HOST:METRICS_PORT so /metrics is reachable
 * only on the internal metrics network, never through the API port the proxy forwards to. With
 * `sandboxMetricsUrl` it also relays the sandbox's /metrics at /metrics/sandbox, so Prometheus need not
 * share a network with the sandbox; a sandbox that does not answer, or answers non-2xx, gives 502.
 */
export function buildMetricsServer(metrics: Metrics, logger?: Logger, sandboxMetricsUrl?: string): FastifyInstance {
  const server = Fastify({
    ...(logger ? { loggerInstance: logger.child({ listener: "metrics" }) as FastifyBaseLogger } : { logger: false }),
    // Scrapes every few seconds would drown the request log.
    logController: new LogController({ disableRequestLogging: true }),
  });
  server.get("/metrics", async (_request, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  if (sandboxMetricsUrl !== undefined) {
    server.get("/metrics/sandbox", async (request, reply) => {
      try {
        const response = await fetch(sandboxMetricsUrl, { signal: AbortSignal.timeout(SANDBOX_METRICS_TIMEOUT_MS) });
        const body = Buffer.from(await response.arrayBuffer());
        if (!response.ok) throw new Error(`answered ${response.status}`);
        const contentType = response.headers.get("content-type");
        if (contentType !== null) reply.header("content-type", contentType);
        return reply.send(body);
      } catch (error) {
        const cause = causeOf(error);
        request.log.warn({ url: sandboxMetricsUrl, cause }, "sandbox metrics relay failed");
        reply.code(502).header("content-type", "text/plain; charset=utf-8");
        return `sandbox metrics at ${sandboxMetricsUrl} unavailable: ${cause}\n`;
      }
    });
  }
  return server;
}

/** The most specific reason: fetch wraps a refused connection as `fetch failed` with the errno in `cause`. */
function causeOf(error: unknown): string {
  const { message, cause } = error as { message?: unknown; cause?: { code?: unknown; message?: unknown } };
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return typeof message === "string" ? message : String(error);
}

export class MetricsHostError extends Error {
  readonly code = "METRICS_HOST_UNUSABLE";
}

/**
 * Listens on METRICS_HOST, turning a host this container cannot bind (an unknown name, or an address
 * of another machine) into one coded error that names the variable; other failures pass unchanged.
 */
export async function listenMetricsServer(server: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    return await server.listen({ host, port });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (typeof code !== "string" || !UNUSABLE_HOST_CODES.includes(code)) throw error;
    throw new MetricsHostError(
      `METRICS_HOST: received ${JSON.stringify(host)} (listening on port ${port} failed: ${message}); allowed: a host ` +
        "name or IP address of this container; on Docker, this container's alias on the metrics network (rendered " +
        "by infra/model), never 0.0.0.0 there",
    );
  }
}
