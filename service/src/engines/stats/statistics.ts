import type { Fraction } from "mathjs";
import { blockedFailure, EngineFailure } from "../engine.js";
import { add, divide, multiply, subtract } from "../math/arith.js";
import { FUNCTIONS } from "../math/functions.js";
import { math } from "../math/instance.js";
import { exact, formatNum, type Num } from "../math/value.js";

type Exact = Num & { kind: "exact" };

const q = (value: Num): Fraction => (value as Exact).q;
const n = (k: number): Num => exact(math.fraction(k));
const sqrt = (x: Num): Num => FUNCTIONS.sqrt!.apply([x]);
const sum = (xs: readonly Num[]): Num => xs.reduce(add, n(0));
const sorted = (xs: readonly Num[]) => [...xs].sort((a, b) => q(a).compare(q(b)));

export const mean = (xs: readonly Num[]): Num => divide(sum(xs), n(xs.length));

export function median(xs: readonly Num[]): Num {
  const s = sorted(xs);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : divide(add(s[mid - 1]!, s[mid]!), n(2));
}

/** The unique most frequent value; several → UNVERIFIABLE AMBIGUOUS listing them. */
export function mode(xs: readonly Num[]): Num {
  const counts = new Map<string, { value: Num; count: number }>();
  for (const x of xs) {
    const key = q(x).toFraction();
    counts.set(key, { value: x, count: (counts.get(key)?.count ?? 0) + 1 });
  }
  const top = Math.max(...[...counts.values()].map((c) => c.count));
  const modes = [...counts.values()].filter((c) => c.count === top).map((c) => c.value);
  if (modes.length > 1) {
    throw new EngineFailure(
      "UNVERIFIABLE",
      "AMBIGUOUS",
      `the data has ${modes.length} modes (each ${top} times); the mode is not unique`,
      { modes: sorted(modes).map(formatNum) },
    );
  }
  return modes[0]!;
}

/** Sum of squared deviations over n - 1 (sample, the default) or n (population). */
export function variance(xs: readonly Num[], sample: boolean): Num {
  if (sample && xs.length < 2) throw blockedFailure("UNDEFINED_RESULT", "the sample variance needs at least 2 values");
  const m = mean(xs);
  const squares = xs.map((x) => multiply(subtract(x, m), subtract(x, m)));
  return divide(sum(squares), n(sample ? xs.length - 1 : xs.length));
}

export const stdev = (xs: readonly Num[], sample: boolean): Num => sqrt(variance(xs, sample));

/** Linear interpolation between closest ranks: h = (n - 1) p / 100 (numpy's default, Excel PERCENTILE.INC). */
export function percentile(xs: readonly Num[], p: number): Num {
  const s = sorted(xs);
  const h = q(divide(multiply(n(s.length - 1), exact(math.fraction(String(p)))), n(100)));
  const lo = Number(h.floor().n);
  const frac = exact(h.sub(h.floor()));
  if (lo + 1 >= s.length) return s[lo]!;
  return add(s[lo]!, multiply(frac, subtract(s[lo + 1]!, s[lo]!)));
}

/** Centred cross-product sum S_xy = sum((x - mean x)(y - mean y)). */
function crossSum(xs: readonly Num[], ys: readonly Num[]): Num {
  const [mx, my] = [mean(xs), mean(ys)];
  return sum(xs.map((x, i) => multiply(subtract(x, mx), subtract(ys[i]!, my))));
}

function nonZero(value: Num, what: string): Num {
  if (q(value).n === 0n) throw blockedFailure("UNDEFINED_RESULT", `${what} is constant, so the statistic is undefined`);
  return value;
}

/** Pearson's r = S_xy / sqrt(S_xx S_yy). */
export const correlation = (xs: readonly Num[], ys: readonly Num[]): Num =>
  divide(crossSum(xs, ys), sqrt(multiply(nonZero(crossSum(xs, xs), "column"), nonZero(crossSum(ys, ys), "column2"))));

/** Least-squares slope of y on x: S_xy / S_xx. */
export const regressionSlope = (xs: readonly Num[], ys: readonly Num[]): Num =>
  divide(crossSum(xs, ys), nonZero(crossSum(xs, xs), "column"));

/** Least-squares intercept: mean y - slope * mean x. */
export const regressionIntercept = (xs: readonly Num[], ys: readonly Num[]): Num =>
  subtract(mean(ys), multiply(regressionSlope(xs, ys), mean(xs)));
