import { E_TIMEOUT, Semaphore, withTimeout } from "async-mutex";
import { Piscina } from "piscina";
import { blocked, unverifiable, withEvidence, type Verdict } from "../verdict.js";
import { workerEntry } from "./entry.js";
import { deadlineMs, WARM_UP_INPUT, type EngineTask, type PooledEngine } from "./task.js";

export interface EnginePoolOptions {
  /** The engines this pool runs; its workers warm only these. */
  engines: readonly PooledEngine[];
  /** Worker threads; a call that hogs one leaves the others serving. */
  threads: number;
  /** Calls that may wait for a free thread; past it a call answers TIMEOUT (busy) at once. */
  maxQueue: number;
  /** Told about a worker that failed outside any call (at start, or crashed); the pool starts another. */
  onWorkerError?: (error: Error) => void;
  /**
   * Start workers only when calls come, and stop one idle this long (ms): the pool costs memory only
   * while it has work. Default: every thread starts at once and stays.
   */
  idleStopMs?: number;
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
  /** The warm-up that starts an on-demand pool's first thread, while it runs (start()). */
  private starting: Promise<unknown> | undefined;

  constructor(readonly options: EnginePoolOptions) {
    this.deadline = options.deadlineMs ?? deadlineMs;
    this.slots = new Semaphore(options.threads);
    this.pool = new Piscina({
      filename: workerEntry(),
      minThreads: options.idleStopMs === undefined ? options.threads : 0,
      maxThreads: options.threads,
      idleTimeout: options.idleStopMs ?? Number.POSITIVE_INFINITY,
      workerData: { engines: options.engines },
    });
    // Without a listener, Node would end the process on Piscina's "error" event.
    this.pool.on("error", (error: Error) => options.onWorkerError?.(error));
  }

  /** `sliceMs`: logic only, see EngineTask. */
  async run(engine: PooledEngine, input: unknown, sliceMs?: number): Promise<Verdict> {
    if (!this.options.engines.includes(engine))
      throw new Error(`engine pool runs ${this.options.engines.join(", ")}; it was asked for ${engine}`);
    if (this.pending >= this.options.threads + this.options.maxQueue) return withEvidence(this.busy(), { engine });
    if (this.options.idleStopMs !== undefined && this.pool.threads.length === 0) await this.start(engine);
    const task: EngineTask = { engine, input, ...(sliceMs === undefined ? {} : { sliceMs }) };
    const limitMs = this.deadline(task);
    const until = performance.now() + limitMs;
    this.pending += 1;
    let release: (() => void) | undefined;
    try {
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
   * warm-up runs first); rejects naming the engine that did not verify it.
   */
  async ready(): Promise<void> {
    for (const engine of this.options.engines) {
      const task = { engine, input: WARM_UP_INPUT[engine] };
      const verdict = await this.pool.run(task);
      if (verdict.status !== "VERIFIED")
        throw new Error(`engine pool (${engine}) did not start: ${verdict.reason}: ${verdict.message}`);
    }
  }

  /**
   * A pool that starts on demand (idleStopMs) has its first thread answer a warm-up input before the
   * call that woke it starts its deadline: starting Z3 (1 to 3 s on a busy host) is not the query's time.
   * Calls that arrive meanwhile wait for the same start.
   */
  private start(engine: PooledEngine): Promise<unknown> {
    this.starting ??= this.pool
      .run({ engine, input: WARM_UP_INPUT[engine] })
      .catch(() => undefined)
      .finally(() => {
        this.starting = undefined;
      });
    return this.starting;
  }

  /** Worker threads alive now (started, or starting). */
  get liveThreads(): number {
    return this.pool.threads.length;
  }

  /** Stops every worker; calls still waiting are refused. */
  async close(): Promise<void> {
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
