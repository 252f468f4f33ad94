import { randomBytes } from "node:crypto";
import { once } from "node:events";
import type { Redis } from "ioredis";
import { closeRedis, createRedis } from "../../cache/redis.js";
import { createLogger } from "../../logger.js";
import { HOST_REDIS } from "../../test-helpers/host-services.js";

/** A unique REDIS_KEY_PREFIX per test file, so parallel files never share counters or cache entries. */
export function uniquePrefix(label: string): string {
  return `test:${label}:${randomBytes(4).toString("hex")}:`;
}

/** A client like main.ts makes (no offline queue), on the host Redis or on `port`. */
export function testRedis(port: number = HOST_REDIS.port): Redis {
  return createRedis({ host: HOST_REDIS.host, port, password: undefined }, createLogger({ level: "silent" }));
}

/** Resolves once `redis` is connected: without an offline queue, earlier commands fail at once. */
export async function connected(redis: Redis): Promise<Redis> {
  if (redis.status !== "ready") await once(redis, "ready");
  return redis;
}

/** Deletes every key under `prefix`, then closes the client. */
export async function dropNamespace(redis: Redis, prefix: string): Promise<void> {
  const names = await redis.keys(`${prefix}*`);
  if (names.length > 0) await redis.del(...names);
  await closeRedis(redis);
}
