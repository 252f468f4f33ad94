import { test } from "vitest";
import assert from "node:assert/strict";
import { judgeDrill, type DrillFacts } from "./report.js";

const facts: DrillFacts = {
  id: "drill-x",
  source: { stack: "local", instance: "i", project: "verifier-i" },
  images: {},
  restored: { kind: "logical", dump: "d.dump", base: null, walSegments: 0, recoveredUntil: "2024-01-01T00:00:00.000Z" },
  skipped: [],
  failedAttempts: [],
  phases: [],
  checks: { readiness: "ok", smoke: [{ name: "ready", ok: true, detail: "GET /health/ready → 200" }], tables: [] },
  teardown: "removed",
  startedAt: new Date("2024-01-01T00:10:00Z"),
  objectives: { rtoSeconds: 60, rpoSeconds: 900 },
  readyMs: 42_500,
  failure: null,
};
const finished = new Date("2024-01-01T00:11:00Z");

test("a drill passes when it restored, smoke passed and both objectives were met; RPO from the drill start by default", () => {
  const r = judgeDrill(facts, finished);
  assert.deepEqual(
    [r.ok, r.rto, r.rpo, r.disasterAt, r.disasterFrom, r.failure],
    [
      true,
      { seconds: 42.5, objectiveSeconds: 60, met: true },
      { seconds: 600, objectiveSeconds: 900, met: true },
      "2024-01-01T00:10:00.000Z",
      "drill start",
      null,
    ],
  );
  assert.equal("readyMs" in r || "objectives" in r, false);
});

test("a missed objective fails the drill without a failure message; the disaster time comes from the flag", () => {
  const r = judgeDrill({ ...facts, disasterAt: new Date("2024-01-01T00:20:00Z"), readyMs: 61_000 }, finished);
  assert.deepEqual([r.ok, r.rto?.met, r.rpo?.seconds, r.disasterFrom, r.failure], [false, false, 1200, "flag", null]);
  assert.equal(judgeDrill({ ...facts, disasterAt: new Date("2024-01-01T00:20:00Z") }, finished).rpo?.met, false);
});

test("a failed smoke check or a failed phase fails the drill and says why; nothing restored means no RPO", () => {
  const smoke = judgeDrill(
    { ...facts, checks: { ...facts.checks, smoke: [{ name: "live", ok: false, detail: "GET /health/live → 502" }] } },
    finished,
  );
  assert.deepEqual([smoke.ok, smoke.failure], [false, "smoke failed: GET /health/live → 502"]);
  const failed = judgeDrill(
    { ...facts, restored: null, readyMs: null, failure: "every restore attempt failed" },
    finished,
  );
  assert.deepEqual(
    [failed.ok, failed.rto, failed.rpo, failed.failure],
    [false, null, null, "every restore attempt failed"],
  );
});
