import type { MathNode } from "mathjs";
import type { Json } from "../json.js";
import { EngineFailure } from "../engine.js";
import { agree, comparisonMethod } from "./compare.js";
import { evaluate } from "./evaluate.js";
import { MATH_LIMITS } from "./limits.js";
import { samplePoints } from "./points.js";
import { formatNum, numJson, type Num } from "./value.js";

/** What the sampled points showed: how many agreed and whether any value was inexact. */
export type PointCheck = { checked: number; skipped: number; inexact: boolean; samples: Json[] };

const SKIPPABLE = new Set(["DIVISION_BY_ZERO", "UNDEFINED_RESULT"]);

const pointJson = (point: Map<string, Num>): Json => Object.fromEntries([...point].map(([k, v]) => [k, formatNum(v)]));

/**
 * Compares both sides at seeded rational points (8 when every value is exact, 32 when any is not);
 * points where a side is undefined are skipped. Throws UNVERIFIABLE IDENTITY_FALSE at the first
 * disagreement, with that point as the counterexample.
 */
export function checkPoints(lhs: MathNode, rhs: MathNode, variables: readonly string[]): PointCheck {
  const result: PointCheck = { checked: 0, skipped: 0, inexact: false, samples: [] };
  let lastSkip: EngineFailure | null = null;
  const points = samplePoints(variables);
  while (result.checked < target(result) && result.checked + result.skipped < 4 * MATH_LIMITS.numericPoints) {
    const point = points.next().value as Map<string, Num>;
    const values = evaluateBoth(lhs, rhs, point);
    if (values instanceof EngineFailure) {
      [result.skipped, lastSkip] = [result.skipped + 1, values];
      continue;
    }
    record(result, point, values);
  }
  if (result.checked === 0 && lastSkip !== null) throw nowhereDefined(lastSkip);
  return result;
}

const target = (r: PointCheck) => (r.inexact ? MATH_LIMITS.numericPoints : MATH_LIMITS.exactPoints);

function evaluateBoth(lhs: MathNode, rhs: MathNode, point: Map<string, Num>): [Num, Num] | EngineFailure {
  try {
    return [evaluate(lhs, point), evaluate(rhs, point)];
  } catch (error) {
    if (error instanceof EngineFailure && SKIPPABLE.has(error.reason)) return error;
    throw error;
  }
}

function record(result: PointCheck, point: Map<string, Num>, [l, r]: [Num, Num]): void {
  const inexact = l.kind === "approx" || r.kind === "approx";
  if (!agree(l, r)) {
    throw new EngineFailure(
      "UNVERIFIABLE",
      "IDENTITY_FALSE",
      `the sides differ at ${JSON.stringify(pointJson(point))}: ${formatNum(l)} vs ${formatNum(r)}`,
      {
        counterexample: pointJson(point),
        lhs: numJson(l),
        rhs: numJson(r),
        method: comparisonMethod(!inexact),
      },
    );
  }
  result.inexact ||= inexact;
  result.checked += 1;
  if (result.samples.length < 3) result.samples.push({ point: pointJson(point), lhs: numJson(l), rhs: numJson(r) });
}

function nowhereDefined(last: EngineFailure): EngineFailure {
  return new EngineFailure(
    "BLOCKED",
    last.reason,
    `no sampled point has both sides defined (last: ${last.message})`,
    last.evidence,
  );
}
