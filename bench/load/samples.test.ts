import assert from "node:assert/strict";
import { test } from "vitest";
import { allMovedAt, colourPath, compress, quantile, summarise, within, type Sample } from "./samples.js";

const at = (sentAt: number, status: number, extra: Partial<Sample> = {}): Sample => ({
  sentAt,
  doneAt: sentAt + 5,
  latencyMs: 5,
  status,
  ...extra,
});

test("summarise counts answers by status and label, failures by kind, and 503s with and without Retry-After", () => {
  const s = summarise(
    [
      at(1000, 200, { label: "math" }),
      at(1100, 503, { label: "math", retryAfter: "5" }),
      at(1200, 503, { label: "batch", retryAfter: "" }),
      at(2100, 429, { label: "batch", retryAfter: "3" }),
      at(2200, 0, { label: "math", error: "ECONNRESET" }),
    ],
    1000,
    3000,
  );
  assert.deepEqual([s.total, s.ok, s.non2xx, s.errors], [5, 1, 3, 1]);
  assert.deepEqual(s.byStatus, { 200: 1, 503: 2, 429: 1, ECONNRESET: 1 });
  assert.deepEqual(s.byLabel, { math: { 200: 1, 503: 1, ECONNRESET: 1 }, batch: { 503: 1, 429: 1 } });
  assert.deepEqual(s.refusals, { 503: { total: 2, withRetryAfter: 1 }, 429: { total: 1, withRetryAfter: 1 } });
  assert.deepEqual([s.firstFailureMs, s.lastFailureMs, s.achievedRate], [100, 1200, 3]);
  assert.deepEqual(
    s.perSecond.map((b) => [b.second, b.ok, b.failed, b.byStatus]),
    [
      [1, 1, 2, { 200: 1, 503: 2 }],
      [2, 0, 2, { 429: 1, ECONNRESET: 1 }],
    ],
  );
  assert.deepEqual(within(s, 2000, 2999), { requests: 2, failed: 2 });
});

test("quantiles are nearest-rank over answered requests", () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.deepEqual([quantile(xs, 0.5), quantile(xs, 0.99), quantile(xs, 1), quantile([], 0.5)], [50, 99, 100, 0]);
});

test("a worker's colour history collapses repeats and skips failures; allMovedAt is the last worker's first request on the colour", () => {
  const w1 = compress([
    at(1, 200, { colour: "blue" }),
    at(2, 502),
    at(3, 200, { colour: "green" }),
    at(4, 200, { colour: "green" }),
  ]);
  const w2 = compress([at(1, 200, { colour: "blue" }), at(5, 200, { colour: "green" })]);
  assert.deepEqual(colourPath(w1), ["blue", "green"]);
  assert.equal(w1[1]!.count, 2);
  assert.equal(allMovedAt([w1, w2], "green", 2), 5);
  assert.equal(allMovedAt([w1, w2], "red", 0), undefined);
});
