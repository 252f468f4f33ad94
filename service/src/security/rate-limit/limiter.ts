import type { Redis } from "ioredis";
import { withDeadline } from "../deadline.js";
import { MemoryCounter } from "./memory-counter.js";
import { counterNames, incrementInRedis } from "./redis-counter.js";
import { decide, fixedWindow, WINDOW_MS, type Counts, type Limits, type RateDecision } from "./window.js";

export interface RateLimiterOptions {
  redis: Redis;
  /** Prefix of every counter name (REDIS_KEY_PREFIX). */
  prefix: string;
  limits: Limits;
  /** Deadline of the Redis round trip before counting in memory instead (REDIS_COMMAND_TIMEOUT_MS). */
  timeoutMs: number;
  /** Called each time Redis failed or was late and memory counted instead. */
  onFallback: (error: unknown) => void;
  /** Epoch ms; default Date.now. */
  now?: () => number;
}

/** Expiry slack past the window end, in milliseconds. */
const EXPIRY_SLACK_MS = 5_000;

/** Fixed one-minute windows per key and globally, in Redis, falling back to memory when Redis is out. */
export class RateLimiter {
  readonly #memory = new MemoryCounter();
  constructor(private readonly options: RateLimiterOptions) {}

  async consume(keyId: string): Promise<RateDecision> {
    const window = fixedWindow((this.options.now ?? Date.now)(), WINDOW_MS);
    const counts = await this.count(window.startMs, keyId);
    return decide(counts, this.options.limits, window);
  }

  private async count(windowStartMs: number, keyId: string): Promise<Counts> {
    const { redis, prefix, timeoutMs } = this.options;
    const names = counterNames(prefix, windowStartMs, keyId);
    try {
      return await withDeadline(
        incrementInRedis(redis, names, WINDOW_MS + EXPIRY_SLACK_MS),
        timeoutMs,
        "redis rate-limit counter",
      );
    } catch (error) {
      this.options.onFallback(error);
      return this.#memory.increment(windowStartMs, keyId);
    }
  }
}
