import type { FastifyReply, FastifyRequest } from "fastify";
import { clientAddress } from "./client-address.js";
import { ApiError, RetryLaterError, type ApiErrorCode } from "./errors.js";
import type { Gateway } from "./gateway.js";
import { presentedKey } from "./keys/authenticate.js";
import type { Principal } from "./keys/key-cache.js";
import { recordRefusal as refuse, type Refusal } from "./refusals.js";

/** The security events of the authenticator's refusals (AUTH_UNAVAILABLE is our outage, not a refusal). */
const AUTH_REFUSALS: Partial<Record<ApiErrorCode, Refusal>> = {
  AUTH_INVALID: { type: "AUTH_FAILED", layer: "auth", reason: "AUTH_INVALID" },
  AUTH_ATTEMPTS_EXCEEDED: { type: "RATE_LIMITED", layer: "auth", reason: "AUTH_ATTEMPTS_EXCEEDED" },
};

/**
 * The gateway's first step: who is calling. A key verified within API_KEY_CACHE_TTL_MS answers
 * at once. Anything else counts against its client address first, before any key lookup or
 * scrypt, so callers without a valid key are limited too (PRE_AUTH_LIMIT_PER_ADDRESS_PER_MINUTE).
 */
export async function authenticateRequest(
  gateway: Gateway,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Principal> {
  const presented = presentedKey(request.headers);
  const cached = presented === undefined ? undefined : gateway.authenticator.cached(presented);
  if (cached) return cached;
  const address = clientAddress(request);
  // Joining a verification of this very key already under way is no authentication work of its own.
  const running = presented === undefined ? undefined : gateway.authenticator.running(presented);
  if (running === undefined) await limitAddress(gateway, request, reply, address);
  if (presented === undefined) {
    refuse(gateway, request, { type: "AUTH_FAILED", layer: "auth", reason: "AUTH_REQUIRED" }, null);
    throw new ApiError(
      "AUTH_REQUIRED",
      "this route needs an API key: send it in the x-api-key header (or Authorization: Bearer)",
    );
  }
  try {
    return await (running ?? gateway.authenticator.authenticate(presented, address));
  } catch (error) {
    if (error instanceof ApiError) recordAuthRefusal(gateway, request, reply, error);
    throw error;
  }
}

async function limitAddress(
  gateway: Gateway,
  request: FastifyRequest,
  reply: FastifyReply,
  address: string,
): Promise<void> {
  const decision = await gateway.addressLimiter.consume(address);
  if (decision.allowed) return;
  reply.header("retry-after", decision.retryAfterSeconds);
  refuse(gateway, request, { type: "RATE_LIMITED", layer: "address_limit", reason: "ADDRESS_RATE_LIMITED" }, null);
  throw new ApiError(
    "ADDRESS_RATE_LIMITED",
    `too many requests without a verified API key from your address this minute; retry after ${decision.retryAfterSeconds} s`,
  );
}

function recordAuthRefusal(gateway: Gateway, request: FastifyRequest, reply: FastifyReply, error: ApiError): void {
  if (error instanceof RetryLaterError) reply.header("retry-after", error.retryAfterSeconds);
  const refusal = AUTH_REFUSALS[error.code];
  if (refusal) refuse(gateway, request, refusal, null);
}
