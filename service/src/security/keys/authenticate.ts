import type { IncomingHttpHeaders } from "node:http";
import { ApiError } from "../errors.js";
import { lookupIdOf } from "./api-key.js";
import type { Principal, VerifiedKeyCache } from "./key-cache.js";
import { keyMatches } from "./key-hash.js";
import type { KeyStore } from "./key-store.js";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The key a request presents: `x-api-key`, else `Authorization: Bearer <key>`. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const direct = headers["x-api-key"];
  if (typeof direct === "string" && direct.length > 0) return direct;
  const authorization = headers.authorization;
  return typeof authorization === "string" ? BEARER.exec(authorization)?.[1] : undefined;
}

/** Turns a presented key into a Principal, or throws AUTH_INVALID (AUTH_UNAVAILABLE if the store is down). */
export class KeyAuthenticator {
  constructor(private readonly store: KeyStore, private readonly cache: VerifiedKeyCache) {}

  async authenticate(presented: string): Promise<Principal> {
    const cached = this.cache.get(presented);
    if (cached) return cached;
    const principal = await this.verify(presented);
    this.cache.remember(presented, principal);
    return principal;
  }

  private async verify(presented: string): Promise<Principal> {
    const id = lookupIdOf(presented);
    const stored = id === undefined ? undefined : await this.find(id);
    if (!stored || stored.revoked || !(await keyMatches(presented, stored))) {
      throw new ApiError("AUTH_INVALID", "the API key is unknown, revoked or malformed; send a valid key in x-api-key");
    }
    return { keyId: stored.id, role: stored.role };
  }

  private async find(id: string) {
    try {
      return await this.store.find(id);
    } catch {
      throw new ApiError("AUTH_UNAVAILABLE", "API keys cannot be checked right now; retry shortly");
    }
  }
}
