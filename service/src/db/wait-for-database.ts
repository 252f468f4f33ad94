import { setTimeout as sleep } from "node:timers/promises";
import type { Histogram } from "prom-client";
import type { Logger } from "pino";
import { timedQuery, type Queryable } from "./timed-query.js";

/**
 * Exponential backoff between attempts: 100 ms doubling up to 0.5 s. The cap is how late a waiting
 * api notices its database (a restore or drill switching one in, Postgres restarting), so it stays
 * small; two `SELECT 1` attempts a second against a server that is down cost nothing.
 */
export const BACKOFF = { initialMs: 100, factor: 2, maxMs: 500 } as const;

export class DatabaseWaitError extends Error {
  readonly code = "DB_WAIT_TIMEOUT";
}

export interface WaitOptions {
  /** Give up after this many milliseconds (DB_WAIT_TIMEOUT_MS). */
  timeoutMs: number;
  /** "host:port/name", for the messages. */
  target: string;
  logger: Logger;
  histogram: Histogram<"operation">;
  /** Clock seam for tests; default Date.now. */
  now?: () => number;
}

/**
 * The delay before attempt `attempt + 1`, or null once the next attempt would start past the
 * deadline. Pure: the whole schedule follows from the attempt number and the elapsed time.
 */
export function nextDelayMs(attempt: number, elapsedMs: number, timeoutMs: number): number | null {
  const delay = Math.min(BACKOFF.initialMs * BACKOFF.factor ** (attempt - 1), BACKOFF.maxMs);
  return elapsedMs + delay > timeoutMs ? null : delay;
}

/** Polls `SELECT 1` until Postgres answers; throws DatabaseWaitError after `timeoutMs`. */
export async function waitForDatabase(db: Queryable, options: WaitOptions): Promise<number> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  for (let attempt = 1; ; attempt += 1) {
    const failure = await attemptQuery(db, options.histogram);
    if (failure === null) return attempt;
    const delay = nextDelayMs(attempt, now() - startedAt, options.timeoutMs);
    if (delay === null) throw giveUp(options, attempt, failure);
    options.logger.info({ attempt, delayMs: delay, reason: failure }, "waiting for postgres");
    await sleep(delay);
  }
}

async function attemptQuery(db: Queryable, histogram: Histogram<"operation">): Promise<string | null> {
  try {
    await timedQuery(db, histogram, "wait_for_database", "SELECT 1");
    return null;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return code ?? message;
  }
}

function giveUp(options: WaitOptions, attempts: number, lastFailure: string): DatabaseWaitError {
  return new DatabaseWaitError(
    `Postgres at ${options.target} did not answer within ${options.timeoutMs} ms ` +
      `(${attempts} attempts, last error: ${lastFailure}); check DATABASE_HOST, DATABASE_PORT and ` +
      `that the database is up, or raise DB_WAIT_TIMEOUT_MS`,
  );
}
