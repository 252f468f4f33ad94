import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { BOOTSTRAP_KEY_ID, generateApiKey, KEY_ID_PATTERN, lookupIdOf } from "./api-key.js";
import { hashNewKey, keyMatches } from "./key-hash.js";

describe("generateApiKey", () => {
  it("returns a vsk_ key of 60 characters whose embedded id is its lookup id", () => {
    const { id, key } = generateApiKey();
    assert.match(key, /^vsk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    assert.equal(key.length, 60);
    assert.equal(lookupIdOf(key), id);
  });

  it("never repeats a key or an id", () => {
    const keys = Array.from({ length: 200 }, generateApiKey);
    assert.equal(new Set(keys.map((k) => k.key)).size, 200);
    assert.equal(new Set(keys.map((k) => k.id)).size, 200);
  });
});

describe("lookupIdOf", () => {
  it("sends any other string of 32-256 characters to the bootstrap row", () => {
    assert.equal(lookupIdOf("x".repeat(32)), BOOTSTRAP_KEY_ID);
    assert.equal(lookupIdOf("x".repeat(256)), BOOTSTRAP_KEY_ID);
  });

  it("rules out shorter and longer strings without any lookup", () => {
    assert.equal(lookupIdOf("x".repeat(31)), undefined);
    assert.equal(lookupIdOf("x".repeat(257)), undefined);
  });
});

describe("key hashing", () => {
  it("matches the hashed key and nothing else, with a fresh salt per key", async () => {
    const stored = await hashNewKey("vsk_000000000000_secret-secret-secret-secret-secret-sec");
    const again = await hashNewKey("vsk_000000000000_secret-secret-secret-secret-secret-sec");
    assert.equal(await keyMatches("vsk_000000000000_secret-secret-secret-secret-secret-sec", stored), true);
    assert.equal(await keyMatches("vsk_000000000000_secret-secret-secret-secret-secret-seC", stored), false);
    assert.notDeepEqual(stored.salt, again.salt);
    assert.notDeepEqual(stored.hash, again.hash);
  });
});

describe("KEY_ID_PATTERN", () => {
  it("accepts generated ids and the bootstrap row's id, nothing else", () => {
    const pattern = new RegExp(KEY_ID_PATTERN);
    assert.equal(pattern.test(generateApiKey().id), true);
    assert.equal(pattern.test(BOOTSTRAP_KEY_ID), true);
    for (const id of ["", "nope", "0".repeat(11), "0".repeat(13), "ABCDEF012345", "00000000000\u0000", "bootstrap2"])
      assert.equal(pattern.test(id), false, id);
  });
});
