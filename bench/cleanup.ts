import { setTimeout as sleep } from "node:timers/promises";

/**
 * Work that undoes what a bench created, run newest first, each step once, even after a failure or a
 * signal. `run` from a signal handler and from the failed main flow share one pass, so no step runs
 * twice or out of order.
 */
export class Cleanup {
  private readonly steps: { label: string; work: () => Promise<unknown> }[] = [];
  private running?: Promise<void>;
  private interrupted?: NodeJS.Signals;
  readonly failures: string[] = [];

  add(label: string, work: () => Promise<unknown>): void {
    this.steps.push({ label, work });
  }

  run(): Promise<void> {
    this.running ??= this.drain();
    return this.running;
  }

  /** Throws once a signal asked the bench to stop: call it between steps the bench must not cut in half. */
  checkpoint(): void {
    if (this.interrupted) throw new Error(`interrupted by ${this.interrupted}`);
  }

  /**
   * On SIGINT or SIGTERM the bench stops at its next checkpoint and its failure path cleans up (so no
   * runbook still holds its instance's lock, or is half-way through a switch, when the teardown
   * starts); `graceMs` later at the latest the cleanup runs anyway. Then exit 130 or 143. A second
   * signal ends the process at once.
   */
  exitOnSignals(finished: Promise<unknown>, graceMs: number): void {
    const code = { SIGINT: 130, SIGTERM: 143 } as const;
    // `on`, not `once`: execa (under the Pulumi Automation API) re-raises a signal that no other listener
    // of the process still handles, which would end the bench before its cleanup.
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.on(signal, () => {
        if (this.interrupted) process.exit(code[signal]);
        this.interrupted = signal;
        process.stderr.write(
          `… ${signal}: stopping after the current step, then cleaning up (at most ${graceMs / 1000} s from now)\n`,
        );
        void Promise.race([finished, sleep(graceMs)])
          .then(() => this.run())
          .finally(() => process.exit(code[signal]));
      });
    }
  }

  private async drain(): Promise<void> {
    for (let s = this.steps.pop(); s; s = this.steps.pop()) {
      await s.work().catch((err: Error) => void this.failures.push(`${s!.label}: ${err.message}`));
    }
  }
}
