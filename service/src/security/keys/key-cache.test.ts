import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { VerifiedKeyCache } from "./key-cache.js";

describe("VerifiedKeyCache", () => {
  it("remembers a verified key and forgets every entry of a revoked key id", () => {
    const cache = new VerifiedKeyCache(60_000);
    cache.remember("key-a", { keyId: "a", role: "admin" });
    cache.remember("key-b", { keyId: "b", role: "viewer" });
    assert.deepEqual(cache.get("key-a"), { keyId: "a", role: "admin" });
    cache.forgetKeyId("a");
    assert.equal(cache.get("key-a"), undefined);
    assert.deepEqual(cache.get("key-b"), { keyId: "b", role: "viewer" });
  });

  it("remembers nothing with a TTL of 0", () => {
    const cache = new VerifiedKeyCache(0);
    cache.remember("key-a", { keyId: "a", role: "admin" });
    assert.equal(cache.get("key-a"), undefined);
  });
});
