import type { FastifyRequest } from "fastify";
import type { Principal } from "./keys/key-cache.js";
import type { RoutePermission } from "./roles.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** What a caller's role must grant to reach the route (see roles.ts); "public" skips the gateway. */
    permission?: RoutePermission;
  }
}

const principals = new WeakMap<FastifyRequest, Principal>();

export function setPrincipal(request: FastifyRequest, principal: Principal): void {
  principals.set(request, principal);
}

/** The authenticated caller, or undefined on a route that skips the gateway ("public"). */
export function findPrincipal(request: FastifyRequest): Principal | undefined {
  return principals.get(request);
}

/** The authenticated caller; only gated routes call it, and the gateway guarantees one there. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = principals.get(request);
  if (!principal) throw new Error(`no authenticated principal on ${request.method} ${request.url}: route is not gated`);
  return principal;
}
