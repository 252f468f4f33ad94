import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";

export const REQUEST_ID_HEADER = "x-request-id";
/** Ids from the proxy are kept for tracing, but only in a log-safe alphabet and length. */
const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Fastify `genReqId`: the proxy's x-request-id when well formed, else a fresh UUID. */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === "string" && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

/** Echoes the request id on every response so a client report can be matched to the logs. */
export function installRequestContext(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    return payload;
  });
}
