import { decideOne, type RateDecision } from "./window.js";
import type { WindowCounter } from "./window-counter.js";

/**
 * Requests per client address per minute that need authentication work: no key, or a key not
 * verified within API_KEY_CACHE_TTL_MS. Runs before any key lookup or scrypt, so unauthenticated
 * callers are limited too; callers whose key is in the verified cache skip it, which keeps
 * clients sharing an address (NAT, a proxy without TRUST_PROXY) from starving each other.
 */
export class AddressLimiter {
  constructor(
    private readonly counter: WindowCounter,
    private readonly perMinute: number,
  ) {}

  async consume(address: string): Promise<RateDecision> {
    const taken = await this.counter.take("rl:addr", address);
    return decideOne(taken.count, this.perMinute, taken.window);
  }
}
