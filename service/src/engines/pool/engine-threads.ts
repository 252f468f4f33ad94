import type { Verdict } from "../verdict.js";
import { EnginePool } from "./engine-pool.js";
import type { PooledEngine } from "./task.js";

export interface EngineThreadsConfig {
  /** ENGINE_MATH_THREADS: worker threads of the math engine (light: no Z3). */
  mathThreads: number;
  /** ENGINE_LOGIC_THREADS: worker threads of the logic engine, each with its own Z3 (about 135 MiB). */
  logicThreads: number;
  /** ENGINE_QUEUE_MAX: calls that may wait in each pool. */
  queueMax: number;
}

/**
 * The API's engine threads: math and logic in separate pools, so a long solver call never holds up a
 * math call (and a math worker never pays for Z3). What the registry calls when the app has them.
 */
export class EngineThreads {
  private readonly pools: Record<PooledEngine, EnginePool>;

  constructor(config: EngineThreadsConfig, onWorkerError?: (engine: PooledEngine, error: Error) => void) {
    const pool = (engine: PooledEngine, threads: number) =>
      new EnginePool({
        engines: [engine],
        threads,
        maxQueue: config.queueMax,
        onWorkerError: (error) => onWorkerError?.(engine, error),
      });
    this.pools = { math: pool("math", config.mathThreads), logic: pool("logic", config.logicThreads) };
  }

  run(engine: PooledEngine, input: unknown): Promise<Verdict> {
    return this.pools[engine].run(engine, input);
  }

  /** Both pools started and warm (their first warm-up, EnginePool.started); rejects when an engine cannot run. */
  async ready(): Promise<void> {
    await Promise.all(Object.values(this.pools).map((pool) => pool.started));
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.pools).map((pool) => pool.close()));
  }
}
