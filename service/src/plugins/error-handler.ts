import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { recordMethodsByPath } from "./methods-by-path.js";

/** Body of every error response: constant shape, stable `code`, the request id to quote. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  requestId: string;
}

/** Stable codes for server-side failures; their details stay in the logs. */
const SERVER_CODES: Record<number, string> = {
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
};
const CLIENT_CODE = /^[A-Z][A-Z0-9_]{2,63}$/;

/** Install before any route: a path served with other methods is answered 405 with `Allow`. */
export function installErrorHandlers(app: FastifyInstance): void {
  const methods = recordMethodsByPath(app);
  const notFound = (request: FastifyRequest, reply: FastifyReply) => {
    const allowed = methods.allowed(request.url.split("?")[0] ?? "");
    if (allowed.length === 0)
      return reply.status(404).send(errorBody(404, "NOT_FOUND", "No route matches this method and path", request.id));
    const message = `${request.method} is not allowed on this path; allowed: ${allowed.join(", ")}`;
    return reply
      .status(405)
      .header("allow", allowed.join(", "))
      .send(errorBody(405, "METHOD_NOT_ALLOWED", message, request.id));
  };
  app.setNotFoundHandler(notFound);
  // Fastify's fallback when its not-found router misses a request (seen in the api image for QUERY,
  // which schemathesis asks: tests/live/fuzz-api.test.ts) throws FST_ERR_NOT_FOUND instead of calling
  // the handler above; answered the same way, so a served path still gets 405 with Allow.
  app.setErrorHandler((error: FastifyError, request, reply) =>
    error.code === "FST_ERR_NOT_FOUND" ? notFound(request, reply) : handleError(error, request, reply),
  );
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = statusOf(error);
  if (status >= 500) {
    request.log.error({ err: error }, "request failed");
    const code = SERVER_CODES[status] ?? "INTERNAL_ERROR";
    return reply.status(status).send(errorBody(status, code, STATUS_CODES[status] ?? "Server error", request.id));
  }
  request.log.info({ err: { code: error.code, message: error.message } }, "request rejected");
  const code = typeof error.code === "string" && CLIENT_CODE.test(error.code) ? error.code : `HTTP_${status}`;
  return reply.status(status).send(errorBody(status, code, error.message, request.id));
}

/** Anything without a valid 4xx/5xx status is an unexpected failure: 500. */
function statusOf(error: FastifyError): number {
  const status = error.statusCode;
  return typeof status === "number" && status >= 400 && status <= 599 ? status : 500;
}

export function errorBody(statusCode: number, code: string, message: string, requestId: string): ErrorBody {
  return { statusCode, code, error: STATUS_CODES[statusCode] ?? "Error", message, requestId };
}
