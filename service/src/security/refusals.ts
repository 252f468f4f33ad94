import type { FastifyRequest } from "fastify";
import type { SecurityEvent } from "./events/security-events.js";
import type { Gateway } from "./gateway.js";

export type Refusal = Pick<SecurityEvent, "type" | "layer" | "reason">;

/** Records a refusal: a counter now and a security_events row in the background. The caller answers. */
export function recordRefusal(gateway: Gateway, request: FastifyRequest, refusal: Refusal, keyId: string | null, inputSha256: string | null = null): void {
  gateway.metrics.securityEventsTotal.inc({ type: refusal.type, layer: refusal.layer });
  gateway.events.record({ ...refusal, keyId, requestId: request.id, inputSha256 });
}
