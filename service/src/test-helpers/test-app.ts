import { once } from "node:events";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type pg from "pg";
import { buildApp } from "../app.js";
import { closeRedis, createRedis } from "../cache/redis.js";
import { loadConfig, type Config, type Env } from "../config.js";
import { createPool } from "../db/pool.js";
import { DrainState } from "../lifecycle/drain-state.js";
import { createLogger } from "../logger.js";
import { createMetrics, type Metrics } from "../plugins/metrics.js";
import { testEnv } from "./host-services.js";

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  pool: pg.Pool;
  redis: Redis;
  metrics: Metrics;
  drain: DrainState;
  /** Closes the app, the pool and the Redis client. */
  close: () => Promise<void>;
}

/**
 * The real app wired like main.ts (real pool, real Redis client) for app.inject, against
 * `database` on the host server unless `overrides` point elsewhere.
 */
export function buildTestApp(database: string, overrides: Env = {}, readinessTimeoutMs?: number): TestApp {
  const config = loadConfig(testEnv(database, overrides));
  const logger = createLogger({ level: "silent" });
  const pool = createPool(config.database, logger);
  const redis = createRedis(config.redis, logger);
  const metrics = createMetrics();
  const drain = new DrainState();
  const app = buildApp({ config, pool, redis, metrics, drain, ...(readinessTimeoutMs ? { readinessTimeoutMs } : {}) });
  const close = async () => {
    await app.close();
    await pool.end();
    await closeRedis(redis);
  };
  return { app, config, pool, redis, metrics, drain, close };
}

/** Resolves once the client is connected: it connects asynchronously and queues nothing before. */
export async function redisReady(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status !== "ready") await once(redis, "ready", { signal: AbortSignal.timeout(timeoutMs) });
}
