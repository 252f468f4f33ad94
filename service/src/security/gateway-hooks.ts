import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { authenticateRequest } from "./authenticate-request.js";
import { ApiError } from "./errors.js";
import type { Gateway } from "./gateway.js";
import type { Principal } from "./keys/key-cache.js";
import type { RateDecision } from "./rate-limit/window.js";
import { recordRefusal as refuse } from "./refusals.js";
import { principalOf, setPrincipal } from "./request-principal.js";
import { allows, isRoutePermission, type Permission } from "./roles.js";
import { sanitisePayload } from "./sanitise.js";

/**
 * The gateway in front of every route registered in this scope: authenticate (limited per client
 * address until the key is known), count against the key's rate limits, check the role, then
 * HTML-encode whatever the route answers.
 */
export function installGatewayHooks(app: FastifyInstance, gateway: Gateway): void {
  app.addHook("onRoute", (route) => {
    if (!isRoutePermission(route.config?.permission)) {
      throw new Error(
        `${route.method} ${route.url}: declare config.permission (a permission of roles.ts, or "public")`,
      );
    }
  });
  app.addHook("onRequest", async (request, reply) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined || permission === "public") return;
    const principal = await authenticateRequest(gateway, request, reply);
    setPrincipal(request, principal);
    limitRate(gateway, request, reply, await gateway.limiter.consume(principal.keyId));
    authorise(gateway, request, principal, permission);
  });
  app.addHook("preSerialization", async (_request, _reply, payload) => sanitisePayload(payload));
  app.addHook("onClose", async () => {
    await gateway.events.close();
    await gateway.writes.flush();
  });
}

function limitRate(gateway: Gateway, request: FastifyRequest, reply: FastifyReply, decision: RateDecision): void {
  reply.header("x-ratelimit-limit", decision.limit);
  reply.header("x-ratelimit-remaining", decision.remaining);
  reply.header("x-ratelimit-reset", decision.resetEpochSeconds);
  if (decision.allowed) return;
  reply.header("retry-after", decision.retryAfterSeconds);
  refuse(
    gateway,
    request,
    { type: "RATE_LIMITED", layer: "rate_limit", reason: "RATE_LIMITED" },
    principalOf(request).keyId,
  );
  throw new ApiError(
    "RATE_LIMITED",
    `rate limit reached (this key's or the global per-minute limit); retry after ${decision.retryAfterSeconds} s`,
  );
}

function authorise(gateway: Gateway, request: FastifyRequest, principal: Principal, permission: Permission): void {
  if (allows(principal.role, permission)) return;
  refuse(gateway, request, { type: "FORBIDDEN", layer: "authorization", reason: "FORBIDDEN" }, principal.keyId);
  throw new ApiError(
    "FORBIDDEN",
    `role ${principal.role} lacks permission ${permission} for this route; use a key whose role grants it`,
  );
}
