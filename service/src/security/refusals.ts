import type { FastifyRequest } from "fastify";
import { clientAddress } from "./client-address.js";
import type { SecurityEvent } from "./events/security-events.js";
import type { Gateway } from "./gateway.js";

export type Refusal = Pick<SecurityEvent, "type" | "layer" | "reason">;

/**
 * Records a refusal: a counter now and, coalesced with identical ones, a security_events row
 * within SECURITY_EVENT_FLUSH_MS (events/event-queue.ts). The caller answers.
 */
export function recordRefusal(
  gateway: Gateway,
  request: FastifyRequest,
  refusal: Refusal,
  keyId: string | null,
  inputSha256: string | null = null,
): void {
  gateway.metrics.securityEventsTotal.inc({ type: refusal.type, layer: refusal.layer });
  const route = request.routeOptions.url === undefined ? null : `${request.method} ${request.routeOptions.url}`;
  gateway.events.record({
    ...refusal,
    keyId,
    requestId: request.id,
    inputSha256,
    clientAddress: clientAddress(request),
    route,
  });
}
