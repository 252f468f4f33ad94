import { z } from "zod";
import { jobResultSchema, type JobResultBody } from "./jobSchema.js";

/**
 * Typed client of the sandbox service for the API. Any failure to get a
 * result (connection refused, timeout, 5xx, an answer that is not a job
 * result) is a SandboxUnavailableError, so the caller has one thing to turn
 * into BLOCKED; a 4xx is a SandboxRequestError (the caller sent a bad job).
 */
export interface SandboxJob {
  language: "python" | "javascript";
  code: string;
  data?: unknown;
  limits?: { wall_ms?: number; memory_mib?: number; output_bytes?: number };
}

export type SandboxResult = JobResultBody;

export interface SandboxClientOptions {
  /** Base URL of the sandbox service, e.g. http://sandbox:8090. */
  url: string;
  /** The shared bearer token (SANDBOX_TOKEN of the sandbox service). */
  token: string;
  /** Give up on a request after this many ms, including queueing in the sandbox. */
  timeoutMs: number;
}

export class SandboxUnavailableError extends Error {
  readonly code = "SANDBOX_UNAVAILABLE";
}

export class SandboxRequestError extends Error {
  readonly code = "SANDBOX_REQUEST_REJECTED";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export function createSandboxClient(options: SandboxClientOptions): {
  execute(job: SandboxJob): Promise<SandboxResult>;
} {
  const endpoint = new URL("/execute", options.url);
  return {
    async execute(job) {
      const response = await post(endpoint, options, job);
      const body: unknown = await response.json().catch(() => undefined);
      if (response.status >= 500)
        throw new SandboxUnavailableError(
          `sandbox at ${endpoint.origin} answered ${response.status}: ${describe(body)}`,
        );
      if (response.status >= 400)
        throw new SandboxRequestError(
          response.status,
          `sandbox refused the job (${response.status}): ${describe(body)}`,
        );
      const parsed = jobResultSchema.safeParse(body);
      if (!parsed.success)
        throw new SandboxUnavailableError(`sandbox at ${endpoint.origin} sent an answer that is not a job result`);
      return parsed.data;
    },
  };
}

async function post(endpoint: URL, options: SandboxClientOptions, job: SandboxJob): Promise<Response> {
  try {
    return await fetch(endpoint, {
      method: "POST",
      headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json" },
      body: JSON.stringify(job),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const why =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${options.timeoutMs} ms`
        : "connection failed";
    throw new SandboxUnavailableError(`sandbox at ${endpoint.origin} is unavailable: ${why}`, { cause: error });
  }
}

function describe(body: unknown): string {
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success ? `${parsed.data.error.code}: ${parsed.data.error.message}` : "no error details";
}
