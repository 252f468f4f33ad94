import underPressure from "@fastify/under-pressure";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorBody } from "./error-handler.js";

/** Mean event-loop delay (over each sample) from which gated routes shed load, ms. Health routes are never shed. */
export const DEFAULT_MAX_EVENT_LOOP_DELAY_MS = 1_000;
/**
 * Event-loop utilisation (0-1, over each 1 s sample) from which gated routes shed load. The delay
 * check alone never fired under CPU-bound overload: under-pressure compares the histogram's MEAN
 * delay, which requests of tens of ms each keep far below 1 s while the queue and latency grow
 * without bound (bench/overload.ts at 2x capacity: p50 2.6 s, timeouts, failed health checks and the
 * proxy's own 503s without Retry-After). Utilisation near 1 is saturation itself; 0.95 leaves room
 * for a busy but keeping-up process.
 */
export const DEFAULT_MAX_EVENT_LOOP_UTILIZATION = 0.95;
/** Seconds a shed client is told to wait (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

/** The thresholds (config.overload); 0 turns a check off, and with both off nothing is shed. */
export interface OverloadLimits {
  maxEventLoopDelayMs: number;
  maxEventLoopUtilization: number;
}

/**
 * Load shedding for the routes registered in `app`'s context (@fastify/under-pressure): past the
 * event-loop delay or utilisation threshold they answer a coded 503 with Retry-After at once instead of queueing
 * work the process cannot finish in time. Registered inside the gated routes' plugin, so liveness
 * and readiness keep answering and the proxy does not eject a busy but healthy process.
 */
export async function installOverloadShedding(
  app: FastifyInstance,
  { maxEventLoopDelayMs, maxEventLoopUtilization }: OverloadLimits,
): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    maxEventLoopUtilization,
    retryAfter: RETRY_AFTER_SECONDS,
    // The body every error of the API has (plugins/error-handler.ts): a route's 503 response schema
    // requires it, and a body without statusCode/requestId failed serialisation and went out as a 500.
    // Resolves once the 503 is sent: under-pressure then calls next(), and only a sent reply stops the
    // later onRequest hooks (the gateway's authentication, limits and event writes) from running.
    pressureHandler: async (request, reply, type) => void (await shed(request, reply, type)),
  });
}

/** The one answer of a shed request: a coded 503 with Retry-After, in the API's error body. */
export function shed(request: FastifyRequest, reply: FastifyReply, why: string): FastifyReply {
  return reply
    .status(503)
    .header("retry-after", String(RETRY_AFTER_SECONDS))
    .send(
      errorBody(
        503,
        "OVERLOADED",
        `the service is shedding load (${why}); retry after ${RETRY_AFTER_SECONDS} s`,
        request.id,
      ),
    );
}
