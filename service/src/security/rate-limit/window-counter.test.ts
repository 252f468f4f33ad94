import assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import { freePort } from "../../test-helpers/ports.js";
import { connected, dropNamespace, testRedis, uniquePrefix } from "../test-helpers/redis-namespace.js";
import { WindowCounter } from "./window-counter.js";

const prefix = uniquePrefix("windowcounter");
const redis = await connected(testRedis());
afterAll(() => dropNamespace(redis, prefix));

const NOW = 1_700_000_012_345;
const counter = (client = redis, fallbacks: unknown[] = []) =>
  new WindowCounter({ redis: client, prefix, timeoutMs: 150, onFallback: (e) => fallbacks.push(e), now: () => NOW });

describe("WindowCounter on Redis", () => {
  it("counts per scope and id, shared by instances, and takes a refund back", async () => {
    const [a, b] = [counter(), counter()];
    assert.equal((await a.take("t", "x")).count, 1);
    const second = await b.take("t", "x");
    assert.deepEqual([second.count, second.name, (await a.take("t", "y")).count], [2, `${prefix}t:1699999980000:x`, 1]);
    await a.giveBack(second);
    assert.equal((await b.take("t", "x")).count, 2);
  });

  it("never recreates a counter that expired before its refund (it would have no expiry)", async () => {
    const taken = await counter().take("t", "gone");
    await redis.del(taken.name);
    await counter().giveBack(taken);
    assert.equal(await redis.exists(taken.name), 0);
  });
});

describe("WindowCounter without Redis", () => {
  it("counts and refunds in memory, reporting each fallback", async () => {
    const down = testRedis(await freePort());
    const fallbacks: unknown[] = [];
    const local = counter(down, fallbacks);
    const [first, second] = [await local.take("t", "x"), await local.take("t", "x")];
    await local.giveBack(second);
    assert.deepEqual(
      [first.count, second.count, (await local.take("t", "x")).count, second.inMemory, fallbacks.length],
      [1, 2, 2, true, 3],
    );
    down.disconnect();
  });
});
