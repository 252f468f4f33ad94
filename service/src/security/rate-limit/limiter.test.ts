import assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import { freePort, silentListener } from "../../test-helpers/ports.js";
import { connected, dropNamespace, testRedis, uniquePrefix } from "../test-helpers/redis-namespace.js";
import { RateLimiter } from "./limiter.js";

const prefix = uniquePrefix("limiter");
const redis = await connected(testRedis());
afterAll(() => dropNamespace(redis, prefix));

const NOW = 1_700_000_012_345;
const LIMITS = { perKeyPerMinute: 2, globalPerMinute: 3 };

function limiter(client = redis, fallbacks: unknown[] = []): RateLimiter {
  return new RateLimiter({
    redis: client,
    prefix,
    limits: LIMITS,
    timeoutMs: 150,
    onFallback: (e) => fallbacks.push(e),
    now: () => NOW,
  });
}

describe("RateLimiter on Redis", () => {
  it("counts per key and globally across limiter instances (two API colours)", async () => {
    const [blue, green] = [limiter(), limiter()];
    assert.deepEqual((await blue.consume("a")).remaining, 1);
    assert.deepEqual((await green.consume("a")).remaining, 0);
    assert.equal((await blue.consume("a")).allowed, false);
    const other = await green.consume("b");
    assert.deepEqual([other.allowed, other.remaining], [false, 0]);
  });

  it("gives every counter an expiry just past its window", async () => {
    const names = await redis.keys(`${prefix}rl:*`);
    assert.equal(names.length, 3);
    for (const name of names) assert.ok((await redis.pttl(name)) > 60_000 && (await redis.pttl(name)) <= 65_000);
  });
});

describe("RateLimiter without Redis", () => {
  it("counts in memory when Redis is on a closed port, and reports each fallback", async () => {
    const down = testRedis(await freePort());
    const fallbacks: unknown[] = [];
    const local = limiter(down, fallbacks);
    const decisions = [await local.consume("a"), await local.consume("a"), await local.consume("a")];
    assert.deepEqual(
      decisions.map((d) => d.allowed),
      [true, true, false],
    );
    assert.equal(fallbacks.length, 3);
    down.disconnect();
  });

  it("gives up on a Redis that accepts but never answers within the deadline", async () => {
    const silent = await silentListener();
    const hung = testRedis(silent.port);
    const fallbacks: unknown[] = [];
    const decision = await limiter(hung, fallbacks).consume("a");
    assert.deepEqual([decision.allowed, decision.remaining, fallbacks.length], [true, 1, 1]);
    hung.disconnect();
    await silent.close();
  });
});
