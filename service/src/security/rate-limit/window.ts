/** Length of every rate-limit window: limits are configured per minute. */
export const WINDOW_MS = 60_000;

export interface Window {
  /** Start of the fixed window holding `nowMs`, epoch ms: part of the counter's name. */
  startMs: number;
  /** When the window ends, epoch seconds (X-RateLimit-Reset). */
  resetEpochSeconds: number;
  /** Milliseconds until it ends (counter expiry). */
  remainingMs: number;
}

export function fixedWindow(nowMs: number, windowMs: number = WINDOW_MS): Window {
  const startMs = Math.floor(nowMs / windowMs) * windowMs;
  const endMs = startMs + windowMs;
  return { startMs, resetEpochSeconds: Math.ceil(endMs / 1000), remainingMs: endMs - nowMs };
}

export interface Limits {
  perKeyPerMinute: number;
  globalPerMinute: number;
}

/** Requests counted in the current window, this one included. */
export interface Counts {
  key: number;
  global: number;
}

export interface RateDecision {
  allowed: boolean;
  /** The caller's own limit (X-RateLimit-Limit). */
  limit: number;
  /** Requests left to the caller, bounded by what is left globally (X-RateLimit-Remaining). */
  remaining: number;
  resetEpochSeconds: number;
  /** Whole seconds to wait before retrying (Retry-After), at least 1. */
  retryAfterSeconds: number;
}

/** Pure: whether this request fits both limits, and the header values to send either way. */
export function decide(counts: Counts, limits: Limits, window: Window): RateDecision {
  const keyLeft = limits.perKeyPerMinute - counts.key;
  const globalLeft = limits.globalPerMinute - counts.global;
  return {
    allowed: keyLeft >= 0 && globalLeft >= 0,
    limit: limits.perKeyPerMinute,
    remaining: Math.max(0, Math.min(keyLeft, globalLeft)),
    resetEpochSeconds: window.resetEpochSeconds,
    retryAfterSeconds: Math.max(1, Math.ceil(window.remainingMs / 1000)),
  };
}

/** Pure: one counter against one limit (the per-address and per-key-verification budgets). */
export function decideOne(count: number, limit: number, window: Window): RateDecision {
  return decide({ key: count, global: count }, { perKeyPerMinute: limit, globalPerMinute: limit }, window);
}
