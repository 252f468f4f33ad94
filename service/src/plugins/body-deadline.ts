import { PassThrough, type Readable } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";

/** The coded error of a body that did not arrive in time; the error handler answers it as a 408. */
export class BodyTimeoutError extends Error {
  readonly code = "BODY_TIMEOUT";
  readonly statusCode = 408;
  constructor(bodyTimeoutMs: number) {
    super(
      `the request body did not arrive within ${bodyTimeoutMs} ms (BODY_TIMEOUT_MS): send all Content-Length bytes promptly`,
    );
    this.name = "BodyTimeoutError";
  }
}

/**
 * A deadline on receiving each request body, from the end of the request's onRequest hooks (authentication)
 * to its last byte. Without it a client that sends less than its Content-Length, or drips it, keeps its
 * request open for as long as it likes. On expiry the body stream fails with BodyTimeoutError: Fastify's
 * body parser answers it through the error handler (408, request id) and closes the connection.
 */
export function installBodyDeadline(app: FastifyInstance, bodyTimeoutMs: number): void {
  app.addHook("preParsing", async (request, reply, payload) => {
    if (!sendsBody(request)) return payload;
    // Listened to here too: a body Fastify never reads (a 415 before parsing) must not fail unheard and crash the process.
    const guarded = new PassThrough().on("error", () => undefined);
    const timer = setTimeout(() => guarded.destroy(new BodyTimeoutError(bodyTimeoutMs)), bodyTimeoutMs);
    payload.once("end", () => clearTimeout(timer));
    payload.once("error", (error) => guarded.destroy(error));
    reply.raw.once("close", () => settle(payload, guarded, timer));
    return payload.pipe(guarded);
  });
}

/** Whether the request announces a body (Fastify never reads one of GET or HEAD). */
function sendsBody(request: FastifyRequest): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  const { "content-length": length, "transfer-encoding": encoding } = request.headers;
  return encoding !== undefined || (length !== undefined && length !== "0");
}

/** Once answered: no deadline left, and a body nobody reads is drained as Node would, not left paused. */
function settle(payload: Readable, guarded: PassThrough, timer: NodeJS.Timeout): void {
  clearTimeout(timer);
  if (payload.readableEnded) return;
  payload.unpipe(guarded);
  payload.resume();
}
