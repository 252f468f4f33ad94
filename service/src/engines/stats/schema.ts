import { z } from "zod";

export const STATISTICS = [
  "mean",
  "median",
  "mode",
  "variance",
  "stdev",
  "percentile",
  "correlation",
  "regression_slope",
  "regression_intercept",
] as const;

/** Data: CSV text with a header row (comma-separated, no quoted fields), or numeric columns. Max 1 MB / 100000 values a column. */
export const StatsDataSchema = z.union([
  z.string().min(1).max(1_000_000),
  z.record(z.string().min(1).max(64), z.array(z.number().finite()).max(100_000)),
]);

export const StatisticClaimSchema = z
  .strictObject({
    statistic: z.enum(STATISTICS),
    column: z.string().min(1).max(64),
    /** The y column of correlation and regression (column is x). */
    column2: z.string().min(1).max(64).optional(),
    /** Percentile in [0, 100], linear interpolation between closest ranks (numpy's default). */
    p: z.number().min(0).max(100).optional(),
    /** variance/stdev: true (default) divides by n - 1, false by n. */
    sample: z.boolean().optional(),
    value: z.number().finite(),
    /** Absolute tolerance of |computed - value|. Default 1e-9. */
    tolerance: z.number().finite().min(0).optional(),
  })
  .superRefine((claim, ctx) => {
    const needsColumn2 = ["correlation", "regression_slope", "regression_intercept"].includes(claim.statistic);
    if (needsColumn2 && claim.column2 === undefined)
      ctx.addIssue({ code: "custom", path: ["column2"], message: `${claim.statistic} needs column2 (the y column)` });
    if (claim.statistic === "percentile" && claim.p === undefined)
      ctx.addIssue({ code: "custom", path: ["p"], message: "percentile needs p in [0, 100]" });
  });

export const CodeClaimSchema = z.strictObject({
  code: z.string().min(1).max(20_000),
  language: z.enum(["python", "javascript"]),
  /** The value the code must return; without it the code must return exactly true. */
  expected: z.json().optional(),
  /** Absolute tolerance for numbers inside `expected`. Default 1e-9. */
  tolerance: z.number().finite().min(0).optional(),
});

export const StatsInputSchema = z.strictObject({
  data: StatsDataSchema,
  claim: z.union([StatisticClaimSchema, CodeClaimSchema]),
});

export type StatsInput = z.input<typeof StatsInputSchema>;
export type StatisticClaim = z.output<typeof StatisticClaimSchema>;
export type CodeClaim = z.output<typeof CodeClaimSchema>;

/** Default absolute tolerance of statistic and code claims. */
export const DEFAULT_TOLERANCE = 1e-9;
