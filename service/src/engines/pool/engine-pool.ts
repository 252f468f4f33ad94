import { E_TIMEOUT, Semaphore, withTimeout } from "async-mutex";
import { Piscina } from "piscina";
import { blocked, unverifiable, withEvidence, type Verdict } from "../verdict.js";
import { workerEntry } from "./entry.js";
import { deadlineMs, WARM_UP_INPUT, warmUpProblem, type EngineTask, type PooledEngine } from "./task.js";

export interface EnginePoolOptions {
  /** The engines this pool runs; its workers warm only these. */
  engines: readonly PooledEngine[];
  /** Worker threads; a call that hogs one leaves the others serving. */
  threads: number;
  /** Calls that may wait for a free thread; past it a call answers TIMEOUT (busy) at once. */
  maxQueue: number;
  /** Told about a worker that failed outside any call (at start, or crashed); the pool starts another. */
  onWorkerError?: (error: Error) => void;
  /** How long one call may take, queueing included; default task.ts's deadlineMs. */
  deadlineMs?: (task: EngineTask) => number;
}

/**
 * Engines on a bounded pool of worker threads (Piscina), so solver and evaluator work never blocks the
 * event loop. Every call has a deadline: queued past it, the call leaves the queue; running past it,
 * its worker is stopped (Z3 with it) and a fresh one started. Either way the caller gets UNVERIFIABLE
 * TIMEOUT saying why, never a hung request. `run` never throws.
 */
export class EnginePool {
  private readonly pool: Piscina<EngineTask, Verdict>;
  private readonly deadline: (task: EngineTask) => number;
  /**
   * Calls take a thread here, first come first served, and only then go to Piscina, which so always has
   * a free worker for them: its own queue let one call wait behind every later one (p99 = the whole run)
   * and does not count calls that carry a signal against maxQueue.
   */
  private readonly slots: Semaphore;
  /** Calls running or waiting. */
  private pending = 0;
  private closing = false;
  /**
   * The pool's first warm-up (ready()), started with it. Calls wait for it before their deadline starts:
   * starting Z3 takes 2 s on an idle host and 18 s at a fifth of a CPU (measured in the api image with
   * `--cpus 0.2`), which is the process's start, not the query's time.
   */
  readonly started: Promise<void>;

  constructor(readonly options: EnginePoolOptions) {
    this.deadline = options.deadlineMs ?? deadlineMs;
    this.slots = new Semaphore(options.threads);
    this.pool = new Piscina({
      filename: workerEntry(),
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: { engines: options.engines },
    });
    // Without a listener, Node would end the process on Piscina's "error" event.
    this.pool.on("error", (error: Error) => options.onWorkerError?.(error));
    this.started = this.ready();
    this.started.catch(() => undefined);
  }

  async run(engine: PooledEngine, input: unknown): Promise<Verdict> {
    if (!this.options.engines.includes(engine))
      throw new Error(`engine pool runs ${this.options.engines.join(", ")}; it was asked for ${engine}`);
    if (this.pending >= this.options.threads + this.options.maxQueue) return withEvidence(this.busy(), { engine });
    const task: EngineTask = { engine, input };
    const limitMs = this.deadline(task);
    this.pending += 1;
    let release: (() => void) | undefined;
    try {
      await this.started.catch(() => undefined);
      const until = performance.now() + limitMs;
      [, release] = await withTimeout(this.slots, limitMs).acquire();
      const left = Math.max(1, Math.round(until - performance.now()));
      return await this.pool.run(task, { signal: AbortSignal.timeout(left) });
    } catch (error) {
      return withEvidence(this.failed(error, limitMs), { engine });
    } finally {
      release?.();
      this.pending -= 1;
    }
  }

  /**
   * Resolves once a worker has started and answered each engine's warm-up input (a worker's own
   * warm-up runs first); rejects when an engine cannot run at all (task.ts's warmUpProblem).
   */
  async ready(): Promise<void> {
    try {
      for (const engine of this.options.engines) {
        const problem = warmUpProblem(engine, await this.pool.run({ engine, input: WARM_UP_INPUT[engine] }));
        if (problem !== undefined) throw problem;
      }
    } catch (error) {
      // A warm-up cut short by close() (a SIGTERM during start) is the shutdown, not a broken engine.
      if (!this.closing) throw error;
    }
  }

  /** Stops every worker; calls still waiting are refused. */
  async close(): Promise<void> {
    this.closing = true;
    await this.pool.destroy();
  }

  private busy(): Verdict {
    return unverifiable("TIMEOUT", `every engine thread is busy and ${this.options.maxQueue} calls wait; retry`, {
      result: "busy",
      queue_max: this.options.maxQueue,
    });
  }

  private failed(error: unknown, limitMs: number): Verdict {
    const name = (error as { name?: unknown } | null)?.name;
    const message = error instanceof Error ? error.message : String(error);
    if (name === "AbortError" || name === "TimeoutError" || error === E_TIMEOUT)
      return unverifiable("TIMEOUT", `no verdict within ${limitMs} ms; the call was stopped`, {
        result: "deadline",
        deadline_ms: limitMs,
      });
    return blocked("INTERNAL_ERROR", `engine worker failed: ${message}`, {});
  }
}
