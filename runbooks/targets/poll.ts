import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `probe` every `everyMs` until `done` holds or `timeoutMs` passes; returns the last value either
 * way with whether it settled, so the caller words the failure (what it waited for, what it saw).
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  opts: { timeoutMs: number; everyMs: number },
): Promise<{ value: T; settled: boolean; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    const ms = Date.now() - started;
    if (done(value)) return { value, settled: true, ms };
    if (ms >= opts.timeoutMs) return { value, settled: false, ms };
    await sleep(opts.everyMs);
  }
}
