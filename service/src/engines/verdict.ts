import { proofRef, type Json } from "./json.js";

/** Every reason a verdict other than VERIFIED can carry. Stable: clients switch on these. */
export const REASON_CODES = [
  "IDENTITY_FALSE", // an identity fails at a concrete point (the counterexample is in evidence)
  "CLAIM_FALSE", // a claim without free symbols evaluates to something else
  "UNSAT", // a logic formula has no model
  "PARSE_ERROR", // the input could not be read (syntax, unbalanced parens, bad CSV, unknown column)
  "INVALID_INPUT", // the input object does not match the engine's schema
  "INPUT_TOO_LONG", // the expression is over the engine's length bound
  "DIVISION_BY_ZERO",
  "UNDEFINED_RESULT", // outside the real domain (sqrt(-1), log(0), 0^0) or nowhere defined
  "RESULT_TOO_LARGE", // a value would exceed the size bound (10^10^10)
  "TOO_COMPLEX", // nesting or term count over the bound
  "AMBIGUOUS", // two readings are plausible (8/2(2+2)) or a statistic is not unique (multimodal)
  "UNSAFE_INPUT", // a node type, function or symbol outside the whitelist
  "UNKNOWN_OPERATOR", // a logic operator outside the whitelist
  "BAD_ARITY", // a logic operator with the wrong number of arguments
  "TYPE_ERROR", // a logic variable used both as Bool and as a number
  "TIMEOUT", // solver or engine ran out of time
  "SOLVER_UNAVAILABLE", // the Z3 solver could not start
  "SANDBOX_UNAVAILABLE", // no sandbox client, or it could not be reached
  "CODE_ERROR", // the sandboxed code raised an error or its result could not be compared
  "HEURISTIC_ONLY", // evidence agrees but no deterministic proof was found
  "DISAGREEMENT", // consensus: engines disagree
  "TRANSLATION_FAILED", // the optional natural-language translator failed or answered nothing usable
  "UNKNOWN_ENGINE", // batch or consensus named an engine that does not exist
  "INTERNAL_ERROR", // an unexpected exception inside an engine (a bug): never a silent VERIFIED
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];
export type VerdictStatus = "VERIFIED" | "UNVERIFIABLE" | "BLOCKED";

/** The one result shape every engine returns. `proof_ref` is present exactly when VERIFIED. */
export type Verdict =
  | { status: "VERIFIED"; reason: null; message: string; evidence: Json; proof_ref: string }
  | { status: "UNVERIFIABLE" | "BLOCKED"; reason: ReasonCode; message: string; evidence: Json };

/** Deterministically proven: the proof reference is derived from `evidence`, never supplied. */
export function verified(message: string, evidence: Json): Verdict {
  return { status: "VERIFIED", reason: null, message, evidence, proof_ref: proofRef(evidence) };
}

/** Attempted but not proven (false claim, unsat, heuristic only, timeout). */
export function unverifiable(reason: ReasonCode, message: string, evidence: Json = {}): Verdict {
  return { status: "UNVERIFIABLE", reason, message, evidence };
}

/** Not attempted (parse error, security policy, missing runtime). */
export function blocked(reason: ReasonCode, message: string, evidence: Json = {}): Verdict {
  return { status: "BLOCKED", reason, message, evidence };
}

/** Adds fields to a verdict's evidence, recomputing the proof reference when VERIFIED. */
export function withEvidence(verdict: Verdict, extra: { [key: string]: Json }): Verdict {
  const evidence = { ...asObject(verdict.evidence), ...extra };
  if (verdict.status === "VERIFIED") return verified(verdict.message, evidence);
  return { ...verdict, evidence };
}

function asObject(evidence: Json): { [key: string]: Json } {
  if (evidence !== null && typeof evidence === "object" && !Array.isArray(evidence)) return evidence;
  return { value: evidence };
}
