import type { LoopFigures } from "../closed-loop.js";

/** Issue 17's targets, each a ratio to the bare route measured in the same run. */
export const TARGETS = {
  p99_vs_bare_max: 5,
  throughput_vs_bare_min: 0.5,
  event_loop_p99_ms_max: 20,
  in_process_math_p50_ms_max: 1,
} as const;

export type RunFigures = LoopFigures & { event_loop_p99_ms: number };

/** A run's figures against the targets: ratios to the bare route and whether each target is met. */
export function judge(run: RunFigures, bare: LoopFigures, p99ms = run.p99_ms) {
  const p99Ratio = round(p99ms / bare.p99_ms);
  const throughputRatio = round(run.rps / bare.rps);
  return {
    ...run,
    p99_ratio: p99Ratio,
    throughput_ratio: throughputRatio,
    met: {
      p99: p99Ratio <= TARGETS.p99_vs_bare_max,
      throughput: throughputRatio >= TARGETS.throughput_vs_bare_min,
      event_loop: run.event_loop_p99_ms <= TARGETS.event_loop_p99_ms_max,
    },
  };
}

const round = (x: number) => Number(x.toFixed(2));
