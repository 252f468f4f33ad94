import type { IncomingHttpHeaders } from "node:http";
import type { Counter } from "prom-client";
import { ApiError, RetryLaterError } from "../errors.js";
import { lookupIdOf } from "./api-key.js";
import type { Principal, VerifiedKeyCache } from "./key-cache.js";
import { keyMatches } from "./key-hash.js";
import { SingleFlight } from "../../single-flight.js";
import { sha256Hex } from "../sha256.js";
import type { KeyStore } from "./key-store.js";
import type { Reservation, VerificationBudget } from "./verification-budget.js";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The key a request presents: `x-api-key`, else `Authorization: Bearer <key>`. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const direct = headers["x-api-key"];
  if (typeof direct === "string" && direct.length > 0) return direct;
  const authorization = headers.authorization;
  return typeof authorization === "string" ? BEARER.exec(authorization)?.[1] : undefined;
}

/**
 * Turns a presented key into a Principal, or throws AUTH_INVALID, AUTH_ATTEMPTS_EXCEEDED (the
 * per key id and address failure budget is spent: refused without scrypt) or AUTH_UNAVAILABLE.
 */
export class KeyAuthenticator {
  /** Verifications under way, by the key's sha256 (never the key in clear). */
  private readonly inFlight = new SingleFlight<Principal>();

  constructor(
    private readonly store: KeyStore,
    private readonly cache: VerifiedKeyCache,
    private readonly budget: VerificationBudget,
    /** scrypt runs by outcome: the CPU that authentication spends, as a count. */
    private readonly verifications: Counter<"outcome">,
  ) {}

  /** The principal of a key verified within API_KEY_CACHE_TTL_MS: a sha256, no lookup, no scrypt. */
  cached(presented: string): Principal | undefined {
    return this.cache.get(presented);
  }

  /**
   * A verification of this very key running in this process, which a caller joins instead of starting
   * its own (no lookup, no scrypt, no budget or address count of its own).
   */
  running(presented: string): Promise<Principal> | undefined {
    return this.inFlight.running(sha256Hex(presented));
  }

  /**
   * Concurrent requests presenting the same uncached key share one verification. When a steady
   * client's cache entry expires, its requests in flight would otherwise each reserve a failure slot
   * before hashing and spend the owner's own budget (seen: 429s under load on a starved host).
   */
  async authenticate(presented: string, address: string): Promise<Principal> {
    const cached = this.cache.get(presented);
    if (cached) return cached;
    return this.inFlight.run(sha256Hex(presented), async () => {
      const principal = await this.verify(presented, address);
      this.cache.remember(presented, principal);
      return principal;
    });
  }

  private async verify(presented: string, address: string): Promise<Principal> {
    const id = lookupIdOf(presented);
    if (id === undefined) throw invalid();
    const reservation = await this.budget.reserve(id, address);
    if (!reservation.decision.allowed) throw exhausted(reservation.decision.retryAfterSeconds);
    const stored = await this.find(id, reservation);
    if (!stored || stored.revoked) throw invalid();
    const matches = await keyMatches(presented, stored);
    this.verifications.inc({ outcome: matches ? "match" : "mismatch" });
    if (!matches) throw invalid();
    await reservation.release();
    return { keyId: stored.id, role: stored.role };
  }

  private async find(id: string, reservation: Reservation) {
    try {
      return await this.store.find(id);
    } catch {
      await reservation.release(); // a store outage is nobody's failed guess
      throw new ApiError("AUTH_UNAVAILABLE", "API keys cannot be checked right now; retry shortly");
    }
  }
}

function invalid(): ApiError {
  return new ApiError("AUTH_INVALID", "the API key is unknown, revoked or malformed; send a valid key in x-api-key");
}

function exhausted(retryAfterSeconds: number): RetryLaterError {
  return new RetryLaterError(
    "AUTH_ATTEMPTS_EXCEEDED",
    `too many failed verifications of this key id from your address; retry after ${retryAfterSeconds} s with the right key`,
    retryAfterSeconds,
  );
}
