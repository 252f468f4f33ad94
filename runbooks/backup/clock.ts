import { performance } from "node:perf_hooks";
import { step } from "../../infra/exec/progress.js";

/** One measured phase, in ms from the drill's start (monotonic clock). */
export interface Phase {
  name: string;
  startMs: number;
  endMs: number;
  ok: boolean;
}

export interface DrillClock {
  /** Wall time at the start, for the report and RPO. */
  startedAt: Date;
  elapsedMs(): number;
  /** Runs `work` as a named phase: progress on stderr, start and end recorded even when it fails. */
  phase<T>(name: string, work: () => Promise<T>): Promise<T>;
  phases(): Phase[];
}

/** A real clock: performance.now for durations (never jumps), Date for the wall time; tests pass their own. */
export function startClock(
  now: () => number = () => performance.now(),
  wall: () => Date = () => new Date(),
): DrillClock {
  const t0 = now();
  const phases: Phase[] = [];
  const elapsedMs = () => now() - t0;
  return {
    startedAt: wall(),
    elapsedMs,
    async phase(name, work) {
      const startMs = elapsedMs();
      let ok = false;
      try {
        const result = await step(name, work);
        ok = true;
        return result;
      } finally {
        phases.push({ name, startMs, endMs: elapsedMs(), ok });
      }
    },
    phases: () => [...phases],
  };
}
