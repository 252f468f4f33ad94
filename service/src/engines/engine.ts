import type { z } from "zod";
import type { Json } from "./json.js";
import { blocked, withEvidence, type ReasonCode, type Verdict } from "./verdict.js";

/** An engine as callers hold it: any input in, a verdict out, never a throw. */
export type EngineRun = (input: unknown) => Promise<Verdict>;

/**
 * A coded failure raised inside an engine and turned into a verdict at the engine boundary,
 * so deep helpers can stop early without every caller threading verdicts through.
 */
export class EngineFailure extends Error {
  constructor(
    readonly status: "UNVERIFIABLE" | "BLOCKED",
    readonly reason: ReasonCode,
    message: string,
    readonly evidence: { [key: string]: Json } = {},
  ) {
    super(message);
  }
}

export const blockedFailure = (reason: ReasonCode, message: string, evidence: { [key: string]: Json } = {}) =>
  new EngineFailure("BLOCKED", reason, message, evidence);

/** Maps anything thrown to a verdict; an unexpected exception is a BLOCKED INTERNAL_ERROR, never a pass. */
export function failureToVerdict(error: unknown): Verdict {
  if (error instanceof EngineFailure) {
    return { status: error.status, reason: error.reason, message: error.message, evidence: error.evidence };
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return blocked("TOO_COMPLEX", "input nests too deeply to be processed; flatten it", {});
  }
  const detail = error instanceof Error ? error.message : String(error);
  return blocked("INTERNAL_ERROR", `engine failed unexpectedly: ${detail}`, {});
}

/**
 * Wraps an engine body: validates the input with its schema (BLOCKED INVALID_INPUT listing every
 * issue), converts failures to verdicts, and stamps `engine` into the evidence. Never throws.
 */
export function defineEngine<S extends z.ZodType, D>(
  name: string,
  schema: S,
  body: (input: z.output<S>, deps: D) => Promise<Verdict>,
): (input: z.input<S>, deps: D) => Promise<Verdict> {
  return async (input, deps) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) return withEvidence(invalidInput(name, parsed.error), { engine: name });
    try {
      return withEvidence(await body(parsed.data, deps), { engine: name });
    } catch (error) {
      return withEvidence(failureToVerdict(error), { engine: name });
    }
  };
}

function invalidInput(name: string, error: z.ZodError): Verdict {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
  const tooLong = error.issues.some((issue) => issue.code === "too_big" && issue.origin === "string");
  return blocked(tooLong ? "INPUT_TOO_LONG" : "INVALID_INPUT", `${name} input rejected: ${summary}`, { issues });
}
