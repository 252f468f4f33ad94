import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyPluginAsync } from "fastify";
import type { RouteContext } from "../routes/context.js";

/** Upper bound of /debug/slow, in milliseconds: below the 40 s default drain budget. */
export const MAX_SLOW_MS = 30_000;

const slowQuery = {
  type: "object",
  required: ["ms"],
  additionalProperties: false,
  properties: { ms: { type: "integer", minimum: 0, maximum: MAX_SLOW_MS } },
} as const;

/**
 * Test-only routes (ENABLE_TEST_ROUTES=true): GET /debug/slow?ms=N answers after N ms, so a
 * test can hold a request in flight across SIGTERM and prove it is drained, not cut. Left out of the
 * OpenAPI document (`hide`): they are no part of the API clients are promised.
 */
export const debugRoutes: FastifyPluginAsync<RouteContext> = async (app) => {
  app.get<{ Querystring: { ms: number } }>(
    "/debug/slow",
    { schema: { hide: true, querystring: slowQuery } },
    async (request) => {
      await sleep(request.query.ms);
      return { sleptMs: request.query.ms };
    },
  );
};
