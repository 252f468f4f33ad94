import type { Verdict } from "../verdict.js";
import { EnginePool } from "./engine-pool.js";
import type { PooledEngine } from "./task.js";

export interface EngineThreadsConfig {
  /** ENGINE_MATH_THREADS: worker threads of the math engine (light: no Z3). */
  mathThreads: number;
  /** ENGINE_LOGIC_THREADS: threads of the logic engine's quick lane, each with its own Z3. */
  logicThreads: number;
  /** ENGINE_LOGIC_LONG_THREADS: threads of its long lane, for queries a slice did not decide. */
  logicLongThreads: number;
  /** ENGINE_QUEUE_MAX: calls that may wait in each pool. */
  queueMax: number;
}

/** The solver time of a logic query's first attempt, in the quick lane. */
export const LOGIC_SLICE_MS = 100;
/** The long lane's threads start with its first query and stop after this long without one. */
export const LONG_LANE_IDLE_STOP_MS = 60_000;

type Lane = PooledEngine | "logic-long";

/**
 * The API's engine threads: math in one pool and logic in two lanes, so a long solver call never holds
 * up a math call nor a quick logic query. Every logic query first gets LOGIC_SLICE_MS of solver time in
 * the quick lane; one that the slice did not decide (and that asked for longer) runs again, with its
 * whole timeout, in the long lane, where it waits only behind other long ones. Its verdict is the one a
 * single run with its timeout gives. The cost: a long query spends one slice more, and the first after
 * a quiet minute waits for the long lane's thread to start (about 1 s: its Z3 costs memory only while
 * long queries come).
 */
export class EngineThreads {
  private readonly pools: Record<Lane, EnginePool>;

  constructor(config: EngineThreadsConfig, onWorkerError?: (engine: Lane, error: Error) => void) {
    const pool = (lane: Lane, engine: PooledEngine, threads: number, idleStopMs?: number) =>
      new EnginePool({
        engines: [engine],
        threads,
        maxQueue: config.queueMax,
        onWorkerError: (error) => onWorkerError?.(lane, error),
        ...(idleStopMs === undefined ? {} : { idleStopMs }),
      });
    this.pools = {
      math: pool("math", "math", config.mathThreads),
      logic: pool("logic", "logic", config.logicThreads),
      "logic-long": pool("logic-long", "logic", config.logicLongThreads, LONG_LANE_IDLE_STOP_MS),
    };
  }

  async run(engine: PooledEngine, input: unknown): Promise<Verdict> {
    if (engine === "math") return this.pools.math.run("math", input);
    const first = await this.pools.logic.run("logic", input, LOGIC_SLICE_MS);
    const undecided = first.reason === "TIMEOUT" && (first.evidence as { slice_ms?: unknown }).slice_ms !== undefined;
    return undecided ? this.pools["logic-long"].run("logic", input) : first;
  }

  /** Math and the quick logic lane started and warm (EnginePool.ready); the long lane starts on demand. */
  async ready(): Promise<void> {
    await Promise.all([this.pools.math.ready(), this.pools.logic.ready()]);
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.pools).map((pool) => pool.close()));
  }
}
