import { LRUCache } from "lru-cache";
import type { Role } from "../roles.js";
import { sha256Hex } from "../sha256.js";

/** Who a verified key belongs to. */
export interface Principal {
  keyId: string;
  role: Role;
}

/** Most keys remembered at once: a busy API has far fewer live keys. */
const MAX_ENTRIES = 1_000;

/**
 * Keys that passed scrypt recently, so a steady client costs one hash per TTL, not per request.
 * Entries are addressed by the key's sha256, so the cache never holds a key in clear.
 */
export class VerifiedKeyCache {
  readonly #entries: LRUCache<string, Principal> | undefined;

  /** `ttlMs` 0 disables the cache (every request pays one scrypt). */
  constructor(ttlMs: number) {
    this.#entries = ttlMs > 0 ? new LRUCache({ max: MAX_ENTRIES, ttl: ttlMs }) : undefined;
  }

  get(presented: string): Principal | undefined {
    return this.#entries?.get(sha256Hex(presented));
  }

  remember(presented: string, principal: Principal): void {
    this.#entries?.set(sha256Hex(presented), principal);
  }

  /** Forgets every entry of `keyId` at once (on revoke). */
  forgetKeyId(keyId: string): void {
    if (!this.#entries) return;
    for (const [digest, principal] of this.#entries.entries()) {
      if (principal.keyId === keyId) this.#entries.delete(digest);
    }
  }
}
