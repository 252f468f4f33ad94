import type { Config } from "../config.js";

export type InFlightLimits = Config["inFlight"];

/** Who a request counts against: its API key, else its client address; admin keys may use the reserve. */
export interface Caller {
  id: string;
  admin: boolean;
}

export interface Refusal {
  status: 429 | 503;
  code: "CONCURRENCY_LIMITED" | "OVERLOADED";
  why: string;
}

/**
 * Whether a caller holding `held` slots may take one more while `total` are taken: its own share
 * first (the hog is told it is the hog), then the slots everyone shares, then the admin reserve.
 */
export function refusal(limits: InFlightLimits, total: number, held: number, admin: boolean): Refusal | undefined {
  if (held >= limits.perCaller) {
    return {
      status: 429,
      code: "CONCURRENCY_LIMITED",
      why: `this caller already has ${limits.perCaller} requests in flight (MAX_IN_FLIGHT_PER_CALLER)`,
    };
  }
  if (total >= limits.max) return { status: 503, code: "OVERLOADED", why: `${limits.max} requests in flight` };
  const shared = limits.max - limits.adminReserve;
  if (!admin && total >= shared)
    return { status: 503, code: "OVERLOADED", why: `${shared} requests in flight; the rest are kept for admin keys` };
  return undefined;
}

/** The slot accounting of one process: a total and a count per caller, an entry only while it holds slots. */
export class InFlightSlots {
  #total = 0;
  readonly #held = new Map<string, number>();

  constructor(readonly limits: InFlightLimits) {}

  get total(): number {
    return this.#total;
  }

  /** Callers holding at least one slot. */
  get callers(): number {
    return this.#held.size;
  }

  get full(): boolean {
    return this.#total >= this.limits.max;
  }

  /** Takes a slot and returns its release (safe to call twice), or why none was taken. */
  take(caller: Caller): { release: () => void } | Refusal {
    const held = this.#held.get(caller.id) ?? 0;
    const refused = refusal(this.limits, this.#total, held, caller.admin);
    if (refused) return refused;
    this.#total += 1;
    this.#held.set(caller.id, held + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#release(caller.id);
      },
    };
  }

  #release(id: string): void {
    this.#total -= 1;
    const left = (this.#held.get(id) ?? 1) - 1;
    if (left === 0) this.#held.delete(id);
    else this.#held.set(id, left);
  }
}
