import assert from "node:assert/strict";
import { test } from "vitest";
import type { LoadReport } from "./load/client.js";
import { summarise, type Sample } from "./load/samples.js";
import { overloadVerdict, phaseFigures, tailShedShare } from "./overload-verdict.js";

/** A phase of `seconds` seconds where each second answers `ok` 200s and `shed` 503s (with Retry-After unless said). */
function phase(seconds: number, ok: number, shed: number, extra: Sample[] = [], retryAfter = "5"): LoadReport {
  const samples: Sample[] = [];
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < ok; i++) samples.push({ sentAt: 10_000 + s * 1000 + i, doneAt: 0, status: 200 });
    for (let i = 0; i < shed; i++)
      samples.push({ sentAt: 10_000 + s * 1000 + 500 + i, doneAt: 0, status: 503, retryAfter });
  }
  return {
    ...summarise([...samples, ...extra], 10_000, 10_000 + seconds * 1000),
    rate: 1,
    workers: 1,
    mode: "open",
    perWorker: [],
  };
}

test("shedding at 2x with Retry-After, nothing else failing, and no 503 at 0.5x passes", () => {
  const v = overloadVerdict(phaseFigures(phase(10, 5, 5), 10), phaseFigures(phase(20, 3, 0), 3), 0);
  assert.deepEqual(v.failures, []);
  assert.equal(v.pass, true);
});

test("each way to fail is named", () => {
  const queued = overloadVerdict(phaseFigures(phase(10, 10, 0), 20), phaseFigures(phase(20, 3, 0), 3), 0);
  assert.match(queued.failures.join(), /no 503 at 20 req\/s/);
  const bare = overloadVerdict(phaseFigures(phase(10, 5, 5, [], ""), 10), phaseFigures(phase(20, 3, 0), 3), 0);
  assert.match(bare.failures.join(), /50 of 50 503s had no Retry-After/);
  const reset = overloadVerdict(
    phaseFigures(phase(10, 5, 5, [{ sentAt: 10_001, doneAt: 0, status: 0, error: "ECONNRESET" }]), 10),
    phaseFigures(phase(20, 3, 0), 3),
    1,
  );
  assert.match(reset.failures.join(), /overload: failures other than 503: \{"ECONNRESET":1\}/);
  assert.match(reset.failures.join(), /restarted 1 time/);
  const stuck = overloadVerdict(phaseFigures(phase(10, 5, 5), 10), phaseFigures(phase(20, 3, 1), 3), 0);
  assert.match(stuck.failures.join(), /25\.0% of the last 10 s were still 503/);
});

test("the recovery tail only looks at the last seconds", () => {
  const p = phaseFigures(
    phase(
      20,
      3,
      0,
      Array.from({ length: 30 }, (_, i) => ({ sentAt: 10_000 + i, doneAt: 0, status: 503, retryAfter: "5" })),
    ),
    3,
  );
  assert.equal(tailShedShare(p, 10), 0);
  assert.ok(tailShedShare(p, 20) > 0);
});
