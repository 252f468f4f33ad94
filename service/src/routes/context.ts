import type { Redis } from "ioredis";
import type pg from "pg";
import type { Config } from "../config.js";
import type { EngineThreads } from "../engines/pool/engine-threads.js";
import type { DrainState } from "../lifecycle/drain-state.js";
import type { Metrics } from "../plugins/metrics.js";

/** What every route plugin receives as its options (its own file, so route plugins never import the route table). */
export interface RouteContext {
  config: Config;
  pool: pg.Pool;
  redis: Redis;
  metrics: Metrics;
  drain: DrainState;
  /** Math and logic on worker threads (main.ts starts them); absent, they run on the event loop (tests). */
  engineThreads?: EngineThreads;
  /** Deadline of each readiness probe, in milliseconds. */
  readinessTimeoutMs: number;
}
