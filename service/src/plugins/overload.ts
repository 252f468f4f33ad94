import underPressure from "@fastify/under-pressure";
import type { FastifyInstance } from "fastify";

/** Event-loop delay from which gated routes shed load, ms. Health routes are never shed. */
export const DEFAULT_MAX_EVENT_LOOP_DELAY_MS = 1_000;
/** Seconds a shed client is told to wait (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Load shedding for the routes registered in `app`'s context (@fastify/under-pressure): past the
 * event-loop delay threshold they answer a coded 503 with Retry-After at once instead of queueing
 * work the process cannot finish in time. Registered inside the gated routes' plugin, so liveness
 * and readiness keep answering and the proxy does not eject a busy but healthy process.
 */
export async function installOverloadShedding(app: FastifyInstance, maxEventLoopDelayMs = DEFAULT_MAX_EVENT_LOOP_DELAY_MS): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    retryAfter: RETRY_AFTER_SECONDS,
    pressureHandler: (_request, reply, type) => {
      void reply
        .status(503)
        .header("retry-after", String(RETRY_AFTER_SECONDS))
        .send({ code: "OVERLOADED", message: `the service is shedding load (${type}); retry after ${RETRY_AFTER_SECONDS} s` });
    },
  });
}
