import { math } from "../math/instance.js";
import type { EngineRun } from "../engine.js";
import { unverifiable, verified, type Verdict } from "../verdict.js";
import type { Route } from "./phrasings.js";

type Compound = Route & { kind: "compound" };

export const ROUNDING_RULE =
  "both the computed amount and the claim are rounded half away from zero to 2 decimal places, then compared exactly";

/**
 * A = P (1 + r / (100 n))^(n t), the final amount (principal plus interest), computed exactly by the
 * math engine and compared at 2 decimals (ROUNDING_RULE).
 */
export async function verifyCompoundInterest(route: Compound, verifyMath: EngineRun): Promise<Verdict> {
  const { principal: p, ratePercent: r, years: t, periodsPerYear: n } = route;
  const expression = `${p} * (1 + ${r} / (100 * ${n}))^(${n} * ${t})`;
  const amount = await verifyMath({ expression });
  if (amount.status !== "VERIFIED") return amount;
  const value = (amount.evidence as { value: { exact: boolean; value: string; decimal?: string } }).value;
  const rounded = roundTo2(value.value);
  const claimed = roundTo2(String(route.claimed));
  const interest = roundTo2(
    math
      .fraction(rounded)
      .sub(math.fraction(String(p)))
      .toFraction(),
  );
  const evidence = {
    routed_to: "math",
    expression,
    amount: value,
    amount_rounded: rounded,
    interest_rounded: interest,
    claimed: route.claimed,
    rounding: ROUNDING_RULE,
    compared: "final amount A",
  };
  if (rounded === claimed) return verified(`the amount is ${rounded}, as claimed`, evidence);
  return unverifiable("CLAIM_FALSE", `the amount is ${rounded}, not ${claimed}`, evidence);
}

/** Rounds an exact rational or decimal text half away from zero to 2 decimals, as fixed-point text. */
export function roundTo2(text: string): string {
  const q = /^-?\d+\/\d+$/.test(text) ? math.fraction(text) : math.fraction(math.bignumber(text).toFixed());
  const scaled = q.abs().mul(100).add(math.fraction(1, 2)).floor();
  const cents = scaled.n;
  const sign = q.s < 0n && cents !== 0n ? "-" : "";
  return `${sign}${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`;
}
