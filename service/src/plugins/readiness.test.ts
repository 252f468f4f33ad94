import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { passesWithin, probeReadiness } from "./readiness.js";

/** A dependency that has not answered, and answers only when the test says so. */
function pending() {
  let answer!: () => void;
  const promise = new Promise<void>((resolve) => (answer = resolve));
  return { probe: () => promise, answer };
}

describe("readiness probes", { timeout: 30_000 }, () => {
  it("a probe still unanswered at the deadline fails, and answering later changes nothing", async () => {
    const dependency = pending();
    assert.equal(await passesWithin(dependency.probe, 20), false);
    dependency.answer();
    assert.equal(await passesWithin(async () => "ok", 20), true);
  });

  it("a refused probe fails at once, whatever the deadline", async () => {
    assert.equal(await passesWithin(() => Promise.reject(new Error("28P01")), 3_600_000), false);
  });

  it("both dependencies silent: not_ready with both checks failed, while neither has answered", async () => {
    const [postgres, redis] = [pending(), pending()];
    const report = await probeReadiness({ postgres: postgres.probe, redis: redis.probe }, 20, false);
    assert.deepEqual(report, { status: "not_ready", checks: { postgres: "fail", redis: "fail" } });
    postgres.answer();
    redis.answer();
  });

  it("both answer: ready; draining: not_ready with both checks ok", async () => {
    const ok = { postgres: async () => 1, redis: async () => "PONG" };
    assert.deepEqual(await probeReadiness(ok, 1_000, false), {
      status: "ready",
      checks: { postgres: "ok", redis: "ok" },
    });
    assert.deepEqual(await probeReadiness(ok, 1_000, true), {
      status: "not_ready",
      checks: { postgres: "ok", redis: "ok" },
    });
  });
});
