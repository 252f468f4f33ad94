import { blockedFailure } from "../engine.js";
import { subtract } from "../math/arith.js";
import { math } from "../math/instance.js";
import { fromDecimal, toBig, formatNum, type Num } from "../math/value.js";
import { unverifiable, verified, type Verdict } from "../verdict.js";
import { numericColumn, type Dataset } from "./dataset.js";
import { DEFAULT_TOLERANCE, type StatisticClaim } from "./schema.js";
import * as stats from "./statistics.js";

type Compute = (xs: Num[], ys: Num[], claim: StatisticClaim) => Num;

const COMPUTE: Record<StatisticClaim["statistic"], Compute> = {
  mean: (xs) => stats.mean(xs),
  median: (xs) => stats.median(xs),
  mode: (xs) => stats.mode(xs),
  variance: (xs, _ys, c) => stats.variance(xs, c.sample ?? true),
  stdev: (xs, _ys, c) => stats.stdev(xs, c.sample ?? true),
  percentile: (xs, _ys, c) => stats.percentile(xs, c.p!),
  correlation: (xs, ys) => stats.correlation(xs, ys),
  regression_slope: (xs, ys) => stats.regressionSlope(xs, ys),
  regression_intercept: (xs, ys) => stats.regressionIntercept(xs, ys),
};

const exactDecimal = (n: number): Num => fromDecimal(math.bignumber(String(n)));

/** Computes the statistic exactly (64 digits after a square root) and compares it within the tolerance. */
export function verifyStatisticClaim(dataset: Dataset, claim: StatisticClaim): Verdict {
  const xs = numericColumn(dataset, claim.column);
  const ys = claim.column2 === undefined ? [] : numericColumn(dataset, claim.column2);
  if (claim.column2 !== undefined && ys.length !== xs.length) {
    throw blockedFailure(
      "PARSE_ERROR",
      `columns ${JSON.stringify(claim.column)} (${xs.length}) and ${JSON.stringify(claim.column2)} (${ys.length}) differ in length`,
    );
  }
  const computed = COMPUTE[claim.statistic](xs, ys, claim);
  const tolerance = claim.tolerance ?? DEFAULT_TOLERANCE;
  const within = toBig(subtract(computed, exactDecimal(claim.value)))
    .abs()
    .lte(toBig(exactDecimal(tolerance)));
  const evidence = {
    ...describe(claim),
    n: xs.length,
    computed: finiteOrNull(toBig(computed).toNumber()),
    computed_text: formatNum(computed),
    claimed: claim.value,
    tolerance,
    method: computed.kind === "exact" ? "exact-rational" : "bignumber-64-digits",
  };
  const text = `${claim.statistic} of ${claim.column} is ${formatNum(computed)}`;
  if (within) return verified(`${text}, within ${tolerance} of ${claim.value}`, evidence);
  return unverifiable("CLAIM_FALSE", `${text}, not within ${tolerance} of ${claim.value}`, evidence);
}

function describe(claim: StatisticClaim): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = { statistic: claim.statistic, column: claim.column };
  if (claim.column2 !== undefined) out.column2 = claim.column2;
  if (claim.statistic === "percentile")
    Object.assign(out, { p: claim.p!, interpolation: "linear between closest ranks (numpy default)" });
  if (claim.statistic === "variance" || claim.statistic === "stdev") {
    const sample = claim.sample ?? true;
    Object.assign(out, { sample, divisor: sample ? "n - 1 (sample)" : "n (population)" });
  }
  return out;
}

/** Evidence is JSON: a statistic beyond the double range is given as text only. */
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);
