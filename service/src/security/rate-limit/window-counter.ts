import type { Redis } from "ioredis";
import { withDeadline } from "../deadline.js";
import { MemoryCounter } from "./memory-counter.js";
import { fixedWindow, WINDOW_MS, type Window } from "./window.js";

/** INCR, with the expiry set by whoever creates the counter, so abandoned windows clean up. */
const TAKE = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;
/** DECR only a counter that still exists: a refund must not create one without expiry. */
const GIVE_BACK = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0`;
/** Expiry slack past the window end, in milliseconds. */
const EXPIRY_SLACK_MS = 5_000;

export interface WindowCounterOptions {
  redis: Redis;
  /** Prefix of every counter name (REDIS_KEY_PREFIX). */
  prefix: string;
  /** Deadline of each Redis round trip before counting in memory (REDIS_COMMAND_TIMEOUT_MS). */
  timeoutMs: number;
  onFallback: (error: unknown) => void;
  /** Epoch ms; default Date.now. */
  now?: () => number;
}

/** One count taken from a counter; giveBack() needs it to refund the same counter. */
export interface Taken {
  count: number;
  window: Window;
  name: string;
  inMemory: boolean;
}

/**
 * Single counters per fixed one-minute window, `<prefix><scope>:<window start>:<id>`, in Redis so
 * every instance and colour shares them; per process in memory while Redis is out (as RateLimiter).
 */
export class WindowCounter {
  readonly #memory = new MemoryCounter();
  constructor(private readonly options: WindowCounterOptions) {}

  async take(scope: string, id: string): Promise<Taken> {
    const window = fixedWindow((this.options.now ?? Date.now)(), WINDOW_MS);
    const name = `${this.options.prefix}${scope}:${window.startMs}:${id}`;
    try {
      const count = Number(await this.redis(TAKE, name, String(WINDOW_MS + EXPIRY_SLACK_MS)));
      return { count, window, name, inMemory: false };
    } catch (error) {
      this.options.onFallback(error);
      return { count: this.#memory.increment(window.startMs, name).key, window, name, inMemory: true };
    }
  }

  /** Refunds a count taken earlier; a refund that fails is dropped (the count expires with its window). */
  async giveBack(taken: Taken): Promise<void> {
    if (taken.inMemory) return this.#memory.decrement(taken.window.startMs, taken.name);
    await this.redis(GIVE_BACK, taken.name).catch((error: unknown) => this.options.onFallback(error));
  }

  private redis(script: string, name: string, ...args: string[]): Promise<unknown> {
    return withDeadline(
      this.options.redis.eval(script, 1, name, ...args),
      this.options.timeoutMs,
      "redis window counter",
    );
  }
}
