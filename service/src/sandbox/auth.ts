import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Bearer-token check in constant time: both sides are hashed to 32 bytes
 * first, so neither the comparison nor the length check leaks how much of the
 * token a guess got right.
 */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer ([^\s]+)$/.exec(authorization ?? "");
  const presented = digest(match?.[1] ?? "");
  return timingSafeEqual(presented, digest(token)) && match !== null;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
