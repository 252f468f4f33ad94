import type { FastifyInstance } from "fastify";

/**
 * Set once on SIGTERM/SIGINT. Readiness answers 503 from then on, so a load balancer stops
 * sending new requests while fastify.close() lets the in-flight ones finish.
 */
export class DrainState {
  #draining = false;

  get draining(): boolean {
    return this.#draining;
  }

  start(): void {
    this.#draining = true;
  }
}

/**
 * While draining, responses carry `Connection: close`. server.close() only ends connections idle
 * at that moment; a keep-alive connection whose request was in flight would otherwise stay open
 * until its keep-alive timeout and hold the drain past the grace period.
 */
export function installDrainConnectionClose(app: FastifyInstance, drain: DrainState): void {
  app.addHook("onSend", async (_request, reply, payload) => {
    if (drain.draining) reply.header("connection", "close");
    return payload;
  });
}
