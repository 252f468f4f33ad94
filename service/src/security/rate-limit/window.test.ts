import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { MemoryCounter } from "./memory-counter.js";
import { decide, fixedWindow } from "./window.js";

const LIMITS = { perKeyPerMinute: 3, globalPerMinute: 5 };

describe("fixedWindow", () => {
  it("places a time in its minute and says when that minute ends", () => {
    assert.deepEqual(fixedWindow(1_700_000_012_345), {
      startMs: 1_699_999_980_000,
      resetEpochSeconds: 1_700_000_040,
      remainingMs: 27_655,
    });
  });
});

describe("decide", () => {
  const window = fixedWindow(1_700_000_012_345);

  it("allows up to the key's limit and reports what is left", () => {
    assert.deepEqual(decide({ key: 3, global: 3 }, LIMITS, window), {
      allowed: true,
      limit: 3,
      remaining: 0,
      resetEpochSeconds: 1_700_000_040,
      retryAfterSeconds: 28,
    });
  });

  it("refuses past the key's limit", () => {
    assert.equal(decide({ key: 4, global: 4 }, LIMITS, window).allowed, false);
  });

  it("refuses past the global limit even when the key has room, and reports 0 left", () => {
    assert.deepEqual(
      [decide({ key: 1, global: 6 }, LIMITS, window).allowed, decide({ key: 1, global: 6 }, LIMITS, window).remaining],
      [false, 0],
    );
  });

  it("never asks to wait less than one second", () => {
    assert.equal(decide({ key: 9, global: 9 }, LIMITS, fixedWindow(59_999)).retryAfterSeconds, 1);
  });
});

describe("MemoryCounter", () => {
  it("counts per key and globally, and starts again in a new window", () => {
    const counter = new MemoryCounter();
    assert.deepEqual(counter.increment(0, "a"), { key: 1, global: 1 });
    assert.deepEqual(counter.increment(0, "b"), { key: 1, global: 2 });
    assert.deepEqual(counter.increment(0, "a"), { key: 2, global: 3 });
    assert.deepEqual(counter.increment(60_000, "a"), { key: 1, global: 1 });
  });
});
