import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "./errors.js";
import type { Gateway } from "./gateway.js";
import { presentedKey } from "./keys/authenticate.js";
import type { Principal } from "./keys/key-cache.js";
import type { RateDecision } from "./rate-limit/window.js";
import { recordRefusal as refuse } from "./refusals.js";
import { principalOf, setPrincipal } from "./request-principal.js";
import { allows, isRoutePermission, type Permission } from "./roles.js";
import { sanitisePayload } from "./sanitise.js";

/**
 * The gateway in front of every route registered in this scope: authenticate, count against
 * the rate limits, check the role, then HTML-encode whatever the route answers.
 */
export function installGatewayHooks(app: FastifyInstance, gateway: Gateway): void {
  app.addHook("onRoute", (route) => {
    if (!isRoutePermission(route.config?.permission)) {
      throw new Error(`${route.method} ${route.url}: declare config.permission (a permission of roles.ts, or "public")`);
    }
  });
  app.addHook("onRequest", async (request, reply) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined || permission === "public") return;
    const principal = await authenticate(gateway, request);
    setPrincipal(request, principal);
    limitRate(gateway, request, reply, await gateway.limiter.consume(principal.keyId));
    authorise(gateway, request, principal, permission);
  });
  app.addHook("preSerialization", async (_request, _reply, payload) => sanitisePayload(payload));
  app.addHook("onClose", async () => gateway.writes.flush());
}

async function authenticate(gateway: Gateway, request: FastifyRequest): Promise<Principal> {
  const presented = presentedKey(request.headers);
  if (presented === undefined) {
    refuse(gateway, request, { type: "AUTH_FAILED", layer: "auth", reason: "AUTH_REQUIRED" }, null);
    throw new ApiError("AUTH_REQUIRED", "this route needs an API key: send it in the x-api-key header (or Authorization: Bearer)");
  }
  try {
    return await gateway.authenticator.authenticate(presented);
  } catch (error) {
    if (error instanceof ApiError && error.code === "AUTH_INVALID") refuse(gateway, request, { type: "AUTH_FAILED", layer: "auth", reason: "AUTH_INVALID" }, null);
    throw error;
  }
}

function limitRate(gateway: Gateway, request: FastifyRequest, reply: FastifyReply, decision: RateDecision): void {
  reply.header("x-ratelimit-limit", decision.limit);
  reply.header("x-ratelimit-remaining", decision.remaining);
  reply.header("x-ratelimit-reset", decision.resetEpochSeconds);
  if (decision.allowed) return;
  reply.header("retry-after", decision.retryAfterSeconds);
  refuse(gateway, request, { type: "RATE_LIMITED", layer: "rate_limit", reason: "RATE_LIMITED" }, principalOf(request).keyId);
  throw new ApiError("RATE_LIMITED", `rate limit reached (this key's or the global per-minute limit); retry after ${decision.retryAfterSeconds} s`);
}

function authorise(gateway: Gateway, request: FastifyRequest, principal: Principal, permission: Permission): void {
  if (allows(principal.role, permission)) return;
  refuse(gateway, request, { type: "FORBIDDEN", layer: "authorization", reason: "FORBIDDEN" }, principal.keyId);
  throw new ApiError("FORBIDDEN", `role ${principal.role} lacks permission ${permission} for this route; use a key whose role grants it`);
}
