import type { MathNode } from "mathjs";
import type { Json } from "../json.js";
import { EngineFailure } from "../engine.js";
import { unverifiable, verified, type Verdict } from "../verdict.js";
import { agree, bothExact, comparisonMethod } from "./compare.js";
import { evaluate } from "./evaluate.js";
import { checkPoints, type PointCheck } from "./identity.js";
import { MATH_LIMITS } from "./limits.js";
import { normalForm, ratKey, symbolicDifference } from "./normal-form.js";
import { formatNum, numJson } from "./value.js";

/** What VERIFIED means when a value or identity involves transcendental functions. */
const SEMANTICS =
  "lhs - rhs reduces to 0 as a rational function of the variables and of atoms (sin(u), cos(u), sqrt(u), log(u), pi, e, ...) " +
  "treated as independent, after rewrites that hold wherever defined (tan = sin/cos, sec/csc/cot likewise, sin(u)^2 = 1 - cos(u)^2, " +
  "sqrt(u)^2 = u, log_b(u) = log(u)/log(b)), and the sides agree at every sampled point; the identity holds at every real point where both sides are defined";

const EMPTY = new Map();

/** A bare expression: its exact value (or 64-digit value), or its rational normal form when it has variables. */
export function evaluateOnly(node: MathNode, variables: string[]): Verdict {
  if (variables.length > 0) {
    const form = ratKey(normalForm(node, new Map()));
    return verified(`${node} normalizes to ${form}`, {
      expression: node.toString(),
      normal_form: form,
      variables,
      method: "rational-normal-form",
    });
  }
  const value = evaluate(node, EMPTY);
  const method = value.kind === "exact" ? "exact-rational" : `bignumber-${MATH_LIMITS.precisionDigits}-digits`;
  return verified(`${node} = ${formatNum(value)}`, { expression: node.toString(), value: numJson(value), method });
}

/** A claim without free symbols: exact comparison, or numeric agreement backed by a symbolic reduction. */
export function constantClaim(lhs: MathNode, rhs: MathNode): Verdict {
  const [l, r] = [evaluate(lhs, EMPTY), evaluate(rhs, EMPTY)];
  const claim = `${lhs} = ${rhs}`;
  const base = { claim, lhs: numJson(l), rhs: numJson(r) };
  if (!agree(l, r))
    return unverifiable("CLAIM_FALSE", `${claim} is false: ${formatNum(l)} != ${formatNum(r)}`, {
      ...base,
      method: comparisonMethod(bothExact(l, r)),
    });
  if (bothExact(l, r)) return verified(`${claim} holds exactly`, { ...base, method: "exact-rational" });
  return symbolicVerdict(lhs, rhs, claim, base, true);
}

/** A claim with free symbols: seeded sample points (may disprove), then the symbolic reduction (may prove). */
export function identityClaim(lhs: MathNode, rhs: MathNode, variables: string[]): Verdict {
  const points = checkPoints(lhs, rhs, variables);
  const claim = `${lhs} = ${rhs}`;
  return symbolicVerdict(lhs, rhs, claim, { claim, variables, points: pointsJson(points) }, points.inexact);
}

function pointsJson(points: PointCheck): Json {
  return {
    checked: points.checked,
    skipped_undefined: points.skipped,
    comparison: comparisonMethod(!points.inexact),
    samples: points.samples,
  };
}

function symbolicVerdict(
  lhs: MathNode,
  rhs: MathNode,
  claim: string,
  base: { [key: string]: Json },
  inexact: boolean,
): Verdict {
  const symbolic = trySymbolic(lhs, rhs);
  if (symbolic.zero) {
    const method = inexact ? "symbolic+numeric" : "symbolic+exact";
    return verified(`${claim} holds (${method})`, {
      ...base,
      method,
      symbolic: symbolic.evidence,
      semantics: SEMANTICS,
    });
  }
  return unverifiable("HEURISTIC_ONLY", `${claim} agrees numerically but no symbolic proof was found`, {
    ...base,
    symbolic: symbolic.evidence,
  });
}

function trySymbolic(lhs: MathNode, rhs: MathNode): { zero: boolean; evidence: Json } {
  try {
    const result = symbolicDifference(lhs, rhs);
    return { zero: result.zero, evidence: { difference: result.difference, square_rules: result.rules } };
  } catch (error) {
    if (!(error instanceof EngineFailure)) throw error;
    return { zero: false, evidence: { inconclusive: error.message } };
  }
}
