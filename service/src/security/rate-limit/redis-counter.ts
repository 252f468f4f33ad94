import type { Redis } from "ioredis";
import type { Counts } from "./window.js";

/**
 * Increments the caller's and the global counter of one window in one atomic round trip;
 * a counter gets its expiry when created, so abandoned windows clean themselves up.
 */
const INCREMENT_BOTH = `
local key = redis.call('INCR', KEYS[1])
if key == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local global = redis.call('INCR', KEYS[2])
if global == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
return {key, global}`;

export interface CounterNames {
  key: string;
  global: string;
}

/** Counter names of one window: `<prefix>rl:<window start>:key:<key id>` and `...:global`. */
export function counterNames(prefix: string, windowStartMs: number, keyId: string): CounterNames {
  return { key: `${prefix}rl:${windowStartMs}:key:${keyId}`, global: `${prefix}rl:${windowStartMs}:global` };
}

/** `expireMs` outlives the window a little so a counter never vanishes while still in use. */
export async function incrementInRedis(redis: Redis, names: CounterNames, expireMs: number): Promise<Counts> {
  const reply = (await redis.eval(INCREMENT_BOTH, 2, names.key, names.global, String(expireMs))) as [number, number];
  return { key: Number(reply[0]), global: Number(reply[1]) };
}
