import { setTimeout as delay } from "node:timers/promises";
import { nextRunAt } from "./schedule.js";

/** setTimeout overflows above this many milliseconds (about 24.8 days), so long waits are chunked. */
const MAX_TIMER_MS = 2_147_483_647;

export interface ScheduleOptions {
  /** 5-field cron expression, UTC. */
  expression: string;
  /** One run; its rejection is reported to onFailure and the schedule goes on. */
  job: (signal: AbortSignal) => Promise<unknown>;
  onFailure: (error: unknown) => void;
  /** Told each next run time, for logs and /health/live. */
  onNext?: (at: Date) => void;
  /** Aborting stops the wait, or the current run (through its signal), and ends the loop. */
  signal: AbortSignal;
  /**
   * Registers a callback that ends the current wait early (the run starts now, then the schedule
   * goes on); returns the unregistration. Default: none.
   */
  onNudge?: (wake: () => void) => () => void;
  now?: () => Date;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Runs `job` at each cron time until aborted. The next time is computed after a run ends, so a
 * run that outlasts the interval skips the missed times instead of overlapping with itself.
 */
export async function runOnSchedule(options: ScheduleOptions): Promise<void> {
  const { signal, now = () => new Date(), sleep = abortableSleep } = options;
  while (!signal.aborted) {
    const at = nextRunAt(options.expression, now());
    options.onNext?.(at);
    await waitUntil(at, options, now, sleep);
    if (signal.aborted) return;
    await options.job(signal).catch(options.onFailure);
  }
}

/** Sleeps until `at` in chunks; a nudge or the abort ends the wait early. */
async function waitUntil(
  at: Date,
  options: ScheduleOptions,
  now: () => Date,
  sleep: (ms: number, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const early = new AbortController();
  const wake = () => early.abort();
  options.signal.addEventListener("abort", wake, { once: true });
  const unregister = options.onNudge?.(wake);
  try {
    for (
      let left = at.getTime() - now().getTime();
      left > 0 && !early.signal.aborted;
      left = at.getTime() - now().getTime()
    ) {
      await sleep(Math.min(left, MAX_TIMER_MS), early.signal);
    }
  } finally {
    unregister?.();
    options.signal.removeEventListener("abort", wake);
  }
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
export async function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch((error: Error) => {
    if (error.name !== "AbortError") throw error;
  });
}
