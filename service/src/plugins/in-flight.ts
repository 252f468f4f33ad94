import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Gauge } from "prom-client";
import { errorBody } from "./error-handler.js";
import { InFlightSlots, type Caller, type InFlightLimits, type Refusal } from "./in-flight-slots.js";
import { shed } from "./overload.js";

/** Seconds a caller over its own share is told to wait: its own requests free slots soon. */
export const CONCURRENCY_RETRY_AFTER_SECONDS = 1;

export interface InFlightWiring {
  /** Who the request counts against; runs after authentication. */
  callerOf: (request: FastifyRequest) => Caller;
  /** Set to the slots taken after every change. */
  gauge?: Gauge;
}

/**
 * A hard bound on the gated requests one process works on at once, shared fairly. A slot is taken
 * once the body is in (preValidation), so a client slow to send holds none, and the caller is known:
 * no caller holds more than its share, and admin keys keep a reserve to manage the service with.
 * It is freed when the response closes, whether it finished or the client went away.
 * When every slot is taken, a request is shed before any work (authentication included), so a burst
 * far above capacity cannot queue up CPU-bound work; overload.ts catches slow saturation.
 */
export function installInFlightLimit(
  app: FastifyInstance,
  limits: InFlightLimits,
  wiring: InFlightWiring,
): InFlightSlots {
  const slots = new InFlightSlots(limits);
  app.addHook("onRequest", async (request, reply) => {
    if (slots.full) return shed(request, reply, `${limits.max} requests in flight`);
  });
  app.addHook("preValidation", async (request, reply) => {
    // The client left while its body was read: 'close' has fired already and would never free a slot.
    if (reply.raw.destroyed) return;
    const taken = slots.take(wiring.callerOf(request));
    if ("status" in taken) return refuse(request, reply, taken);
    wiring.gauge?.set(slots.total);
    reply.raw.once("close", () => {
      taken.release();
      wiring.gauge?.set(slots.total);
    });
  });
  return slots;
}

function refuse(request: FastifyRequest, reply: FastifyReply, refusal: Refusal): FastifyReply {
  if (refusal.status === 503) return shed(request, reply, refusal.why);
  return reply
    .status(429)
    .header("retry-after", String(CONCURRENCY_RETRY_AFTER_SECONDS))
    .send(errorBody(429, refusal.code, `${refusal.why}; retry after ${CONCURRENCY_RETRY_AFTER_SECONDS} s`, request.id));
}
