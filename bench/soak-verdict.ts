import { round1, type ProcessSample } from "./api-process.js";

/** How much the api may grow after warm-up and still count as flat. */
export const FLAT_RULE = { rssGrowthPct: 10, fdGrowth: 10 } as const;

/** Warm-up excluded from the baseline: a quarter of the run, at most 60 s (JIT, pools, caches filling). */
export const warmupSeconds = (runSeconds: number): number => Math.min(60, Math.round(runSeconds / 4));

export interface SoakVerdict {
  flat: boolean;
  /** Why not flat, in words; empty when flat. */
  reasons: string[];
  rule: string;
  warmupS: number;
  /** The first sample at or after warm-up, and the last. */
  baseline: ProcessSample;
  end: ProcessSample;
  rssGrowthPct: number;
  fdGrowth: number;
  /** Least-squares slope of RSS over the samples after warm-up, MiB per minute (0 with fewer than 2). */
  rssSlopeMiBPerMin: number;
}

/**
 * Pure: flat when the api process was never replaced (a restart, e.g. an OOM kill, is a failure and
 * makes later samples another process's), RSS at the end is within FLAT_RULE.rssGrowthPct of the
 * post-warm-up baseline and open fds within FLAT_RULE.fdGrowth of it.
 */
export function soakVerdict(samples: ProcessSample[], runSeconds: number, restarts: number): SoakVerdict {
  if (samples.length < 2)
    throw new Error(`soak verdict: needs at least 2 process samples (start and end), got ${samples.length}`);
  const warmupS = warmupSeconds(runSeconds);
  const after = samples.filter((s) => s.atS >= warmupS);
  const end = samples.at(-1)!;
  const baseline = after.length >= 2 ? after[0]! : samples[0]!;
  const rssGrowthPct = round1(((end.rssMiB - baseline.rssMiB) / baseline.rssMiB) * 100);
  const fdGrowth = end.fds - baseline.fds;
  const reasons = [
    ...(restarts > 0 ? [`the api process was replaced ${restarts} time(s) during the run (restart or OOM kill)`] : []),
    ...(rssGrowthPct > FLAT_RULE.rssGrowthPct
      ? [`RSS grew ${rssGrowthPct}% after warm-up (allowed ${FLAT_RULE.rssGrowthPct}%)`]
      : []),
    ...(fdGrowth > FLAT_RULE.fdGrowth
      ? [`open fds grew by ${fdGrowth} after warm-up (allowed ${FLAT_RULE.fdGrowth})`]
      : []),
  ];
  return {
    flat: reasons.length === 0,
    reasons,
    rule: `flat = no api restart, RSS at the end ≤ RSS after warm-up (${warmupS} s) + ${FLAT_RULE.rssGrowthPct}%, and open fds at the end ≤ fds after warm-up + ${FLAT_RULE.fdGrowth}`,
    warmupS,
    baseline,
    end,
    rssGrowthPct,
    fdGrowth,
    rssSlopeMiBPerMin: round1(slope(after.length >= 2 ? after : samples) * 60),
  };
}

/** Least-squares slope of rssMiB over atS, MiB/s. */
function slope(samples: ProcessSample[]): number {
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.atS, 0) / n;
  const my = samples.reduce((a, s) => a + s.rssMiB, 0) / n;
  const sxx = samples.reduce((a, s) => a + (s.atS - mx) ** 2, 0);
  return sxx === 0 ? 0 : samples.reduce((a, s) => a + (s.atS - mx) * (s.rssMiB - my), 0) / sxx;
}
