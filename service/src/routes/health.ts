import type { FastifyPluginAsync } from "fastify";
import { timedQuery } from "../db/timed-query.js";
import { probeDependencies, readinessReport, type ReadinessProbes } from "../plugins/readiness.js";
import { SingleFlight } from "../single-flight.js";
import type { RouteContext } from "./context.js";

const check = { type: "string", enum: ["ok", "fail"] } as const;
const readyBody = {
  type: "object",
  required: ["status", "checks"],
  properties: {
    status: { type: "string", enum: ["ready", "not_ready"] },
    checks: { type: "object", required: ["postgres", "redis"], properties: { postgres: check, redis: check } },
  },
} as const;
const liveBody = {
  type: "object",
  required: ["status"],
  properties: { status: { type: "string", enum: ["ok"] } },
} as const;

/** Liveness says the process runs; readiness says it can serve (dependencies up, not draining). */
export const healthRoutes: FastifyPluginAsync<RouteContext> = async (app, context) => {
  const probes = readinessProbes(context);
  // Readiness requests that arrive together (a proxy's checks, a deploy's verification burst) share one
  // SELECT 1 and one PING: ten at once on a freshly started, starved process outlasted the deadline.
  const probe = new SingleFlight<Awaited<ReturnType<typeof probeDependencies>>>();
  const dependencies = () => probe.run("dependencies", () => probeDependencies(probes, context.readinessTimeoutMs));
  app.get("/health/live", { schema: { response: { 200: liveBody } } }, async () => ({ status: "ok" as const }));
  app.get("/health/ready", { schema: { response: { 200: readyBody, 503: readyBody } } }, async (_request, reply) => {
    const report = readinessReport(await dependencies(), context.drain.draining);
    return reply.status(report.status === "ready" ? 200 : 503).send(report);
  });
};

function readinessProbes({ pool, redis, metrics }: RouteContext): ReadinessProbes {
  return {
    postgres: () => timedQuery(pool, metrics.dbQueryDurationSeconds, "readiness", "SELECT 1"),
    redis: () => redis.ping(),
  };
}
