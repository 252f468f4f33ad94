import { randomUUID } from "node:crypto";
import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { ConnectionError, FastifyInstance } from "fastify";
import { errorBody } from "./error-handler.js";

type ClientErrorAnswer = readonly [status: number, code: string, message: string];

/** Node's refusals of a request it could not read, as coded answers; anything else is malformed HTTP. */
const CLIENT_ERRORS: Readonly<Record<string, ClientErrorAnswer>> = {
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    "REQUEST_TIMEOUT",
    "the request did not arrive in time: send the headers within HEADERS_TIMEOUT_MS and the whole request within REQUEST_TIMEOUT_MS",
  ],
  HPE_HEADER_OVERFLOW: [
    431,
    "HEADERS_TOO_LARGE",
    "the request headers are larger than the server accepts; send fewer or shorter headers",
  ],
};
const MALFORMED: ClientErrorAnswer = [400, "MALFORMED_REQUEST", "the request is not valid HTTP/1.1"];

/**
 * Fastify `clientErrorHandler` (bound to the instance): Node raises these before any route or request
 * exists, so the answer is written to the socket here, in the API's error body, with a fresh request
 * id that the log line carries too. The connection is closed: its state is unknown.
 */
export function answerClientError(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, code, message] = CLIENT_ERRORS[error.code ?? ""] ?? MALFORMED;
  const requestId = randomUUID();
  this.log.info({ err: { code: error.code, message: error.message }, requestId, status }, "client error");
  // As Node does: never write into a response already under way (a route answered before the body ended).
  const pending = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
  if (socket.writable && !pending?.headersSent)
    socket.write(rawResponse(status, JSON.stringify(errorBody(status, code, message, requestId)), requestId));
  socket.destroy(error);
}

function rawResponse(status: number, body: string, requestId: string): string {
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}`,
    "content-type: application/json; charset=utf-8",
    `content-length: ${Buffer.byteLength(body)}`,
    `x-request-id: ${requestId}`,
    "connection: close",
  ];
  return `${head.join("\r\n")}\r\n\r\n${body}`;
}
