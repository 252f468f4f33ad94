import { createHash } from "node:crypto";
import { z } from "zod";
import type { Json } from "../json.js";
import { blocked, unverifiable, verified, type Verdict } from "../verdict.js";
import { numberColumns, type Dataset } from "./dataset.js";
import type { SandboxClient, SandboxResponse } from "./sandbox-client.js";
import { DEFAULT_TOLERANCE, type CodeClaim } from "./schema.js";

const STDOUT_EVIDENCE_CHARS = 2_000;
const JsonSchema = z.json();

/**
 * Runs the claim's code in the injected sandbox only. VERIFIED when the code returns `expected`
 * (numbers within the tolerance) or, without `expected`, returns exactly true.
 */
export async function verifyCodeClaim(
  dataset: Dataset,
  claim: CodeClaim,
  sandbox: SandboxClient | undefined,
): Promise<Verdict> {
  const data = numberColumns(dataset);
  const codeRef = `sha256:${createHash("sha256").update(claim.code).digest("hex")}`;
  if (sandbox === undefined)
    return blocked("SANDBOX_UNAVAILABLE", "no sandbox is configured: code claims never run outside it", {
      code_sha256: codeRef,
    });
  let response: SandboxResponse;
  try {
    response = await sandbox.execute({ language: claim.language, code: claim.code, data });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (isRejection(error))
      return blocked("INVALID_INPUT", `the sandbox refused the job: ${detail}`, { code_sha256: codeRef });
    return blocked("SANDBOX_UNAVAILABLE", `the sandbox could not be reached: ${detail}`, { code_sha256: codeRef });
  }
  return judge(response, claim, codeRef);
}

const isRejection = (error: unknown) =>
  error instanceof Error && (error as Error & { code?: unknown }).code === "SANDBOX_REQUEST_REJECTED";

function judge(response: SandboxResponse, claim: CodeClaim, codeRef: string): Verdict {
  const expected = claim.expected === undefined ? true : (claim.expected as Json);
  const tolerance = claim.tolerance ?? DEFAULT_TOLERANCE;
  const result = JsonSchema.safeParse(response.result ?? null);
  const evidence = {
    language: claim.language,
    code_sha256: codeRef,
    status: response.status,
    result: result.success ? (result.data as Json) : null,
    expected,
    tolerance,
    stdout: String(response.stdout ?? "").slice(0, STDOUT_EVIDENCE_CHARS),
    error: String(response.error ?? "").slice(0, STDOUT_EVIDENCE_CHARS),
    duration_ms: Number.isFinite(response.duration_ms) ? response.duration_ms : null,
  };
  if (!result.success) return unverifiable("CODE_ERROR", "the sandbox returned a result that is not JSON", evidence);
  if (response.status === "timeout")
    return unverifiable("TIMEOUT", "the code ran out of time in the sandbox", evidence);
  if (response.status !== "ok")
    return unverifiable("CODE_ERROR", `the code failed in the sandbox (status ${response.status})`, evidence);
  if (matches(result.data as Json, expected, tolerance))
    return verified("the code's result matches the claim", evidence);
  return unverifiable("CLAIM_FALSE", "the code's result does not match the claim", evidence);
}

/** Deep equality where numbers may differ by at most `tolerance`. */
export function matches(actual: Json, expected: Json, tolerance: number): boolean {
  if (typeof actual === "number" && typeof expected === "number") return Math.abs(actual - expected) <= tolerance;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.length === expected.length && actual.every((a, i) => matches(a, expected[i]!, tolerance));
  }
  if (isObject(actual) && isObject(expected)) {
    const keys = Object.keys(expected);
    return (
      Object.keys(actual).length === keys.length &&
      keys.every((k) => Object.hasOwn(actual, k) && matches(actual[k]!, expected[k]!, tolerance))
    );
  }
  return actual === expected;
}

const isObject = (v: Json): v is { [key: string]: Json } => v !== null && typeof v === "object" && !Array.isArray(v);
