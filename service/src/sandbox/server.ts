import Fastify, { type FastifyReply } from "fastify";
import type { Logger } from "pino";
import { bearerMatches } from "./auth.js";
import { QueueFullError, SandboxError, ShuttingDownError } from "./errors.js";
import { describeIssues, jobRequestSchema, type LimitMaxima } from "./jobSchema.js";
import type { SandboxService } from "./service.js";

export interface ServerOptions {
  service: Pick<SandboxService, "execute" | "ready" | "poolStats">;
  token: string;
  maxima: LimitMaxima;
  logger: Logger;
}

/** Largest request body, bytes: code (256 KiB) plus data. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * The job API: POST /execute (bearer token, zod-validated body), and the
 * two health probes, which need no token. Errors are `{error: {code, message}}`;
 * a 5xx never carries internals.
 */
export function buildServer(options: ServerOptions) {
  const app = Fastify({ loggerInstance: options.logger, bodyLimit: BODY_LIMIT_BYTES });
  const schema = jobRequestSchema(options.maxima);
  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith("/health/")) return;
    if (bearerMatches(request.headers.authorization, options.token)) return;
    reply.header("www-authenticate", "Bearer");
    return sendError(
      reply,
      401,
      "SANDBOX_UNAUTHORIZED",
      "missing or wrong bearer token: send Authorization: Bearer <SANDBOX_TOKEN>",
    );
  });
  app.post("/execute", async (request, reply) => {
    const parsed = schema.safeParse(request.body);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      return reply.code(400).send({
        error: {
          code: "SANDBOX_INVALID_REQUEST",
          message: issues.map((i) => `${i.path}: ${i.message}`).join("; "),
          issues,
        },
      });
    }
    return options.service.execute(parsed.data);
  });
  app.get("/health/live", async () => ({ status: "ok" }));
  app.get("/health/ready", async (_request, reply) => {
    const ready = options.service.ready();
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? "ready" : "warming", pools: options.service.poolStats() });
  });
  app.setErrorHandler((error, request, reply) => handleError(error, reply, request.log));
  return app;
}

function handleError(error: unknown, reply: FastifyReply, log: FastifyReply["log"]): FastifyReply {
  if (error instanceof QueueFullError || error instanceof ShuttingDownError) {
    reply.header("retry-after", String(RETRY_AFTER_SECONDS));
    return sendError(reply, 503, error.code, error.message);
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const { code = "SANDBOX_BAD_REQUEST", message } = error as { code?: string; message: string };
    return sendError(reply, status, code, message);
  }
  log.error({ err: error }, "execute failed");
  const code = error instanceof SandboxError ? error.code : "SANDBOX_INTERNAL";
  return sendError(reply, 500, code, "the sandbox failed to run the job; see the sandbox service logs");
}

function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}
