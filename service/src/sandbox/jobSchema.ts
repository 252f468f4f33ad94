import { z } from "zod";
import type { JobLimits } from "./worker/messages.js";

/**
 * The job API's request and response shapes. Request limits are bounded by
 * the service's configured maxima, so the schema is built from them.
 */
export interface LimitMaxima {
  /** Highest wall_ms a job may ask for, and its default, ms. */
  wallMs: number;
  /** Highest memory_mib a job may ask for, and its default, MiB. */
  memoryMib: number;
  /** Highest output_bytes a job may ask for, and its default, bytes. */
  outputBytes: number;
  /** Output line cap of every job, lines. */
  outputLines: number;
}

/** Longest accepted source, characters. */
export const MAX_CODE_CHARS = 256 * 1024;

const limit = (field: string, max: number, unit: string) =>
  z
    .number({ error: `${field} must be a number of ${unit}` })
    .int({ error: `${field} must be a whole number of ${unit}` })
    .min(1, { error: `${field} must be at least 1 ${unit}` })
    .max(max, { error: `${field} must be at most ${max} ${unit} (the configured maximum)` });

export function jobRequestSchema(max: LimitMaxima) {
  return z.strictObject({
    language: z.enum(["python", "javascript"], { error: 'language must be "python" or "javascript"' }),
    code: z
      .string({ error: "code must be a string" })
      .min(1, { error: "code is empty" })
      .max(MAX_CODE_CHARS, { error: `code is longer than ${MAX_CODE_CHARS} characters` }),
    data: z.json().optional(),
    limits: z
      .strictObject({
        wall_ms: limit("wall_ms", max.wallMs, "ms").optional(),
        memory_mib: limit("memory_mib", max.memoryMib, "MiB").optional(),
        output_bytes: limit("output_bytes", max.outputBytes, "bytes").optional(),
      })
      .optional(),
  });
}

export type JobRequest = z.infer<ReturnType<typeof jobRequestSchema>>;

/** Omitted limits take the configured maxima: safe because the maxima are the safe defaults. */
export function resolveLimits(requested: JobRequest["limits"], max: LimitMaxima): JobLimits {
  return {
    wall_ms: requested?.wall_ms ?? max.wallMs,
    memory_mib: requested?.memory_mib ?? max.memoryMib,
    output_bytes: requested?.output_bytes ?? max.outputBytes,
    output_lines: max.outputLines,
  };
}

export const jobResultSchema = z.strictObject({
  status: z.enum(["ok", "error", "timeout", "memory", "output_limit"]),
  result: z.json().nullable(),
  stdout: z.string(),
  error: z.string().optional(),
  duration_ms: z.number().nonnegative(),
});

export type JobResultBody = z.infer<typeof jobResultSchema>;

/** "limits.wall_ms: wall_ms must be at most 5000 ms (the configured maximum)" for each problem. */
export function describeIssues(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.join(".") || "(body)", message: issue.message }));
}
