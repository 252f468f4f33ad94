import assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import { Registry } from "prom-client";
import { createGatewayMetrics } from "../security/metrics.js";
import { connected, dropNamespace, testRedis, uniquePrefix } from "../security/test-helpers/redis-namespace.js";
import { freePort } from "../test-helpers/ports.js";
import { normaliseInput, VerificationCache } from "./verification-cache.js";

const prefix = uniquePrefix("vcache");
const redis = await connected(testRedis());
afterAll(() => dropNamespace(redis, prefix));

function cache(client = redis, ttlSeconds = 60) {
  const metrics = createGatewayMetrics(new Registry());
  return {
    metrics,
    cache: new VerificationCache<{ status: string }>({
      redis: client,
      prefix,
      appVersion: "1.2.3",
      ttlSeconds,
      timeoutMs: 150,
      metrics,
    }),
  };
}

const count = async (counter: { get: () => Promise<{ values: { value: number }[] }> }) =>
  (await counter.get()).values[0]?.value ?? 0;

describe("VerificationCache", () => {
  it("misses, stores with the TTL, then hits for the same input in another spelling", async () => {
    const { cache: c, metrics } = cache();
    assert.equal(await c.get("math", { expression: "1+1=2", context: { x: 1, y: 2 } }), undefined);
    await c.set("math", { expression: "1+1=2", context: { x: 1, y: 2 } }, { status: "VERIFIED" });
    assert.deepEqual(await c.get("math", { context: { y: 2, x: 1 }, expression: " 1+1=2 " }), { status: "VERIFIED" });
    assert.deepEqual(
      [await count(metrics.verificationCacheMissesTotal), await count(metrics.verificationCacheHitsTotal)],
      [1, 1],
    );
    const ttl = await redis.ttl(c.entryName("math", { expression: "1+1=2", context: { x: 1, y: 2 } }));
    assert.ok(ttl > 0 && ttl <= 60);
  });

  it("names entries by prefix, app version, engine and input digest", () => {
    assert.match(
      cache().cache.entryName("logic", { expression: "x" }),
      new RegExp(`^${prefix}vc:1\\.2\\.3:logic:[0-9a-f]{64}$`),
    );
  });

  it("keeps engines apart", async () => {
    const { cache: c } = cache();
    await c.set("math", { expression: "7" }, { status: "VERIFIED" });
    assert.equal(await c.get("logic", { expression: "7" }), undefined);
  });

  it("treats an entry that is not JSON as a miss", async () => {
    const { cache: c } = cache();
    await redis.set(c.entryName("math", { expression: "broken" }), "{not json");
    assert.equal(await c.get("math", { expression: "broken" }), undefined);
  });

  it("never throws when Redis is on a closed port: a miss, and the fallback is counted", async () => {
    const down = testRedis(await freePort());
    const { cache: c, metrics } = cache(down);
    assert.equal(await c.get("math", { expression: "1" }), undefined);
    await c.set("math", { expression: "1" }, { status: "VERIFIED" });
    assert.equal(await count(metrics.redisFallbacksTotal), 2);
    down.disconnect();
  });

  it("stores nothing with a TTL of 0", async () => {
    const { cache: c } = cache(redis, 0);
    await c.set("math", { expression: "off" }, { status: "VERIFIED" });
    assert.equal(await redis.exists(c.entryName("math", { expression: "off" })), 0);
  });
});

describe("normaliseInput", () => {
  it("trims and NFC-normalises strings at any depth and keeps other values", () => {
    assert.deepEqual(normaliseInput({ a: [" e\u0301 ", 1, null, { b: true }] }), {
      a: ["\u00e9", 1, null, { b: true }],
    });
  });
});
