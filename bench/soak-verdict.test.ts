import assert from "node:assert/strict";
import { test } from "vitest";
import { soakVerdict, warmupSeconds } from "./soak-verdict.js";

const sample = (atS: number, rssMiB: number, fds = 30) => ({ atS, rssMiB, fds, cgroupMiB: rssMiB });

test("warm-up is a quarter of the run, at most 60 s", () => {
  assert.deepEqual([warmupSeconds(60), warmupSeconds(120), warmupSeconds(600)], [15, 30, 60]);
});

test("growth during warm-up does not count; within 10% after it is flat", () => {
  const v = soakVerdict([sample(0, 100), sample(30, 150), sample(60, 155), sample(120, 160)], 120, 0);
  assert.equal(v.flat, true, v.reasons.join("; "));
  assert.equal(v.baseline.atS, 30);
  assert.equal(v.rssGrowthPct, 6.7);
});

test("RSS growing past 10%, fds past +10, or a restart each make it not flat, with the reason", () => {
  assert.match(soakVerdict([sample(0, 100), sample(30, 100), sample(120, 111)], 120, 0).reasons.join(), /RSS grew 11%/);
  assert.match(
    soakVerdict([sample(0, 100), sample(30, 100, 30), sample(120, 100, 41)], 120, 0).reasons.join(),
    /open fds grew by 11/,
  );
  const restarted = soakVerdict([sample(0, 100), sample(30, 300), sample(120, 90)], 120, 1);
  assert.equal(restarted.flat, false);
  assert.match(restarted.reasons.join(), /replaced 1 time/);
});

test("fewer than two samples is refused", () => {
  assert.throws(() => soakVerdict([sample(0, 1)], 60, 0), /at least 2 process samples/);
});
