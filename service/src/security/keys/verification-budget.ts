import { decideOne, type RateDecision } from "../rate-limit/window.js";
import type { WindowCounter } from "../rate-limit/window-counter.js";

/** One verification attempt counted against the budget; release() refunds it after a match. */
export interface Reservation {
  decision: RateDecision;
  release: () => Promise<void>;
}

/**
 * Failed key verifications per (key id, client address) per minute. An attempt is counted before
 * the key is looked up and hashed, so concurrent guesses cannot all pass a check made before any
 * of them failed; a match refunds it, so the count is of failures and the owner's own periodic
 * verifications (one per API_KEY_CACHE_TTL_MS) never use the budget up.
 *
 * Keyed per address as well as per id so that an attacker elsewhere cannot lock the owner out:
 * only callers at the attacker's address (the same NAT) lose access to that key, for the rest of
 * the minute, and even they keep working while their key is in the verified cache. Unknown and
 * revoked ids are counted too, so a 429 here says nothing about whether an id exists.
 */
export class VerificationBudget {
  constructor(
    private readonly counter: WindowCounter,
    private readonly failuresPerMinute: number,
  ) {}

  async reserve(keyId: string, address: string): Promise<Reservation> {
    const taken = await this.counter.take("rl:verify", `${keyId}:${address}`);
    return {
      decision: decideOne(taken.count, this.failuresPerMinute, taken.window),
      release: () => this.counter.giveBack(taken),
    };
  }
}
