import type { FastifyInstance } from "fastify";
import { shed } from "./overload.js";

/**
 * A hard bound on the gated requests one process works on at once. Past it a request is answered
 * a coded 503 with Retry-After before any work (authentication included), so a burst far above
 * capacity cannot queue up CPU-bound work the process would finish only after its clients gave up,
 * and liveness keeps answering in time for the proxy's checks. The event-loop checks of
 * overload.ts catch slow saturation; this catches the burst the moment it arrives.
 * A slot is freed when the response closes, whether it finished or the client went away.
 */
export function installInFlightLimit(app: FastifyInstance, maxInFlight: number): { inFlight(): number } {
  let inFlight = 0;
  app.addHook("onRequest", async (request, reply) => {
    if (inFlight >= maxInFlight) return shed(request, reply, `${maxInFlight} requests in flight`);
    inFlight += 1;
    reply.raw.once("close", () => (inFlight -= 1));
  });
  return { inFlight: () => inFlight };
}
