import { math } from "./instance.js";
import { MATH_LIMITS } from "./limits.js";
import { toBig, type Num } from "./value.js";

const TOLERANCE = math.bignumber(MATH_LIMITS.numericTolerance);

/** Exact equality for two rationals; otherwise agreement within the relative numeric tolerance. */
export function agree(a: Num, b: Num): boolean {
  if (a.kind === "exact" && b.kind === "exact") return a.q.equals(b.q);
  const x = toBig(a);
  const y = toBig(b);
  const scale = math.max(math.bignumber(1), x.abs(), y.abs()) as ReturnType<typeof toBig>;
  return x.minus(y).abs().lte(TOLERANCE.times(scale));
}

export const bothExact = (a: Num, b: Num) => a.kind === "exact" && b.kind === "exact";

/** The comparison method named in evidence. */
export const comparisonMethod = (exactOnly: boolean) =>
  exactOnly
    ? "exact-rational"
    : `numeric-${MATH_LIMITS.precisionDigits}-digits (relative tolerance ${MATH_LIMITS.numericTolerance})`;
