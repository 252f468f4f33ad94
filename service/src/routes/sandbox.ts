import type { FastifyPluginAsync } from "fastify";
import { SandboxRequestError, SandboxUnavailableError, type SandboxJob } from "../sandbox/client.js";
import { ApiError } from "../security/errors.js";
import { canonicalJson, type Json } from "../engines/json.js";
import type { Gateway } from "../security/gateway.js";
import { firstTooLong, textFields } from "../security/input-limits.js";
import { recordRefusal } from "../security/refusals.js";
import { principalOf } from "../security/request-principal.js";
import { sha256Hex } from "../security/sha256.js";
import { apiKeySecurity, errorResponses } from "./api-schemas.js";
import type { SandboxPort } from "./verification/engine-deps.js";

export interface SandboxRouteOptions {
  gateway: Gateway;
  /** Undefined when SANDBOX_URL or SANDBOX_TOKEN is unset: every job is then BLOCKED. */
  sandbox: SandboxPort | undefined;
  /** INPUT_MAX_CHARS, applied to the code and every string of data. */
  maxChars: number;
  /** The sandbox's SANDBOX_MAX_*: a job asking for more is refused here, with the field named. */
  maxima: SandboxMaxima;
}

export interface SandboxMaxima {
  wallMs: number;
  memoryMib: number;
  outputBytes: number;
}

const limit = (maximum: number, unit: string) =>
  ({ type: "integer", minimum: 1, maximum, description: `${unit}; at most ${maximum}, the default` }) as const;

/** The job body, its limits bounded by the sandbox's configured maxima (SANDBOX_MAX_*). */
const jobBody = (maxima: SandboxMaxima) =>
  ({
    type: "object",
    required: ["language", "code"],
    additionalProperties: false,
    properties: {
      language: { type: "string", enum: ["python", "javascript"] },
      code: { type: "string", minLength: 1 },
      data: { description: "any JSON, given to the code as `data`" },
      limits: {
        type: "object",
        additionalProperties: false,
        properties: {
          wall_ms: limit(maxima.wallMs, "ms"),
          memory_mib: limit(maxima.memoryMib, "MiB"),
          output_bytes: limit(maxima.outputBytes, "bytes"),
        },
      },
    },
  }) as const;
const outcomeBody = {
  type: "object",
  required: ["status", "reason", "message"],
  properties: {
    status: { type: "string", enum: ["EXECUTED", "BLOCKED"] },
    reason: { type: ["string", "null"], description: "SANDBOX_UNAVAILABLE or INPUT_TOO_LONG when BLOCKED" },
    message: { type: "string" },
    result: {
      type: "object",
      properties: {
        status: { type: "string" },
        result: {},
        stdout: { type: "string" },
        error: { type: "string" },
        duration_ms: { type: "number" },
      },
    },
  },
} as const;

/** POST /sandbox/execute (operator): proxies one job to the sandbox service; code never runs anywhere else. */
export const sandboxRoutes: FastifyPluginAsync<SandboxRouteOptions> = async (
  app,
  { gateway, sandbox, maxChars, maxima },
) => {
  app.post<{ Body: SandboxJob }>(
    "/sandbox/execute",
    {
      config: { permission: "sandbox:execute" },
      schema: {
        tags: ["sandbox"],
        summary: "Run code in the sandbox",
        security: apiKeySecurity,
        body: jobBody(maxima),
        response: { 200: outcomeBody, ...errorResponses(413, 415) },
      },
    },
    async (request) => {
      const tooLong = firstTooLong(textFields(request.body), maxChars);
      if (tooLong) {
        const inputSha256 = sha256Hex(canonicalJson(request.body as unknown as Json));
        recordRefusal(
          gateway,
          request,
          { type: "BLOCKED", layer: "input_limit", reason: "INPUT_TOO_LONG" },
          principalOf(request).keyId,
          inputSha256,
        );
        return blocked(
          "INPUT_TOO_LONG",
          `${tooLong.field}: ${tooLong.length} characters received; at most ${maxChars} allowed (INPUT_MAX_CHARS)`,
        );
      }
      if (!sandbox)
        return blocked(
          "SANDBOX_UNAVAILABLE",
          "no sandbox is configured (SANDBOX_URL and SANDBOX_TOKEN); code never runs outside it",
        );
      return execute(sandbox, request.body);
    },
  );
};

async function execute(sandbox: SandboxPort, job: SandboxJob) {
  try {
    const result = await sandbox.execute(job);
    return { status: "EXECUTED", reason: null, message: `the job finished with status ${result.status}`, result };
  } catch (error) {
    if (error instanceof SandboxRequestError) throw new ApiError("SANDBOX_REQUEST_REJECTED", error.message);
    if (error instanceof SandboxUnavailableError) return blocked("SANDBOX_UNAVAILABLE", error.message);
    throw error;
  }
}

function blocked(reason: "SANDBOX_UNAVAILABLE" | "INPUT_TOO_LONG", message: string) {
  return { status: "BLOCKED", reason, message };
}
