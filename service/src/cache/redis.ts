import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "../config.js";

/** Bounds one connection attempt. */
const CONNECT_TIMEOUT_MS = 2_000;
/** Reconnect delay: 200 ms per failed attempt, at most 2 s, forever (ioredis never gives up). */
export const reconnectDelayMs = (attempt: number): number => Math.min(attempt * 200, 2_000);

/**
 * The Redis client. Commands fail at once while disconnected (no offline queue, one retry),
 * so a Redis outage makes readiness answer 503 quickly instead of queueing requests.
 */
export function createRedis(settings: Config["redis"], logger: Logger): Redis {
  const redis = new Redis({
    host: settings.host,
    port: settings.port,
    password: settings.password?.reveal(),
    connectTimeout: CONNECT_TIMEOUT_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: reconnectDelayMs,
  });
  logTransitions(redis, logger);
  return redis;
}

/** Logs an outage once and its end once, not every reconnect attempt. */
function logTransitions(redis: Redis, logger: Logger): void {
  let failing = false;
  redis.on("error", (error: NodeJS.ErrnoException) => {
    if (!failing) logger.warn({ err: { code: error.code, message: error.message } }, "redis unavailable; reconnecting");
    failing = true;
  });
  redis.on("ready", () => {
    if (failing) logger.info("redis reconnected");
    failing = false;
  });
}

/** QUIT when connected; otherwise just drop the socket and stop reconnecting. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
