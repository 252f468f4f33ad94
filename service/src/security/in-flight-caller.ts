import type { FastifyRequest } from "fastify";
import type { Caller } from "../plugins/in-flight-slots.js";
import { findPrincipal } from "./request-principal.js";

/**
 * Who a gated request counts against in the in-flight shares: its API key once the gateway has
 * authenticated it, else its client address (request.ip, the proxy's X-Forwarded-For client when
 * the peer is a TRUST_PROXY). Admin keys may use the reserve, so keys can be revoked mid-flood.
 */
export function inFlightCaller(request: FastifyRequest): Caller {
  const principal = findPrincipal(request);
  if (principal) return { id: `key:${principal.keyId}`, admin: principal.role === "admin" };
  return { id: `address:${request.ip}`, admin: false };
}
