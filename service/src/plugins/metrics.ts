import type { FastifyInstance, FastifyRequest } from "fastify";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

type HttpLabel = "route" | "method" | "status";

/** The service's own registry, so each app instance (and each test) counts alone. */
export interface Metrics {
  registry: Registry;
  httpRequestsTotal: Counter<HttpLabel>;
  httpRequestDurationSeconds: Histogram<HttpLabel>;
  httpRequestsInFlight: Gauge;
  /** Slots of MAX_IN_FLIGHT taken by gated requests (plugins/in-flight.ts). */
  inFlightSlots: Gauge;
  dbQueryDurationSeconds: Histogram<"operation">;
}

/** Route label for requests that matched no route: never the raw URL (unbounded cardinality). */
export const UNMATCHED_ROUTE = "unmatched";

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames: HttpLabel[] = ["route", "method", "status"];
  return {
    registry,
    httpRequestsTotal: new Counter({
      name: "http_requests_total",
      help: "HTTP requests answered",
      labelNames,
      registers: [registry],
    }),
    httpRequestDurationSeconds: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration in seconds",
      labelNames,
      registers: [registry],
    }),
    httpRequestsInFlight: new Gauge({
      name: "http_requests_in_flight",
      help: "HTTP requests being handled",
      registers: [registry],
    }),
    inFlightSlots: new Gauge({
      name: "api_in_flight_slots",
      help: "Gated requests holding one of MAX_IN_FLIGHT slots",
      registers: [registry],
    }),
    dbQueryDurationSeconds: new Histogram({
      name: "db_query_duration_seconds",
      help: "Postgres query duration in seconds",
      labelNames: ["operation"],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
  };
}

const started = new WeakMap<FastifyRequest, bigint>();

/** Root-level hooks (not an encapsulated plugin) so every route and the 404 handler are counted. */
export function installHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook("onRequest", async (request) => {
    started.set(request, process.hrtime.bigint());
    metrics.httpRequestsInFlight.inc();
  });
  app.addHook("onResponse", async (request, reply) => finish(metrics, request, reply.statusCode));
  // 499 "client closed request" (nginx's convention): the client left before any answer.
  app.addHook("onRequestAbort", async (request) => finish(metrics, request, 499));
}

/** Records once per request: an aborted request may also reach onResponse later. */
function finish(metrics: Metrics, request: FastifyRequest, status: number): void {
  const start = started.get(request);
  if (start === undefined) return;
  started.delete(request);
  const labels = { route: request.routeOptions.url ?? UNMATCHED_ROUTE, method: request.method, status: String(status) };
  metrics.httpRequestsInFlight.dec();
  metrics.httpRequestsTotal.inc(labels);
  metrics.httpRequestDurationSeconds.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
}
