import { test } from "vitest";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startClock } from "./clock.js";
import { writeReport } from "./drill/files.js";
import { restoredSentence, type DrillReport } from "./report.js";
import { drillMarkdown, drillTimelineSvg } from "./render.js";

const report: DrillReport = {
  id: "drill-20240101t000000z",
  ok: true,
  source: { stack: "local", instance: "citest", project: "verifier-citest" },
  startedAt: "2024-01-01T00:00:00.000Z",
  finishedAt: "2024-01-01T00:00:40.000Z",
  disasterAt: "2024-01-01T00:00:00.000Z",
  disasterFrom: "drill start",
  images: { api: "verifier/api:1" },
  restored: {
    kind: "logical",
    dump: "local_20231231T230000Z.dump",
    base: null,
    walSegments: 0,
    recoveredUntil: "2023-12-31T23:00:00.000Z",
  },
  skipped: [{ file: "local_20231231T235900Z.dump", reason: "corrupt: dump no longer matches its manifest (sha256)" }],
  failedAttempts: [],
  phases: [
    { name: "restore <data>", startMs: 0, endMs: 10_000, ok: true },
    { name: "ready", startMs: 10_000, endMs: 20_000, ok: false },
  ],
  rto: { seconds: 20, objectiveSeconds: 300, met: true },
  rpo: { seconds: 3600, objectiveSeconds: 86400, met: true },
  checks: {
    readiness: "GET /health/ready → 200 through the proxy",
    smoke: [{ name: "ready", ok: true, detail: "GET /health/ready → 200" }],
    tables: [{ table: "public.a", expectedRows: 3, actualRows: 3, checksum: "equal", ok: true }],
  },
  failure: null,
  teardown: "removed",
};

test("the report says what was restored and what it fell back past, first", () => {
  assert.equal(
    restoredSentence(report),
    "restored dump local_20231231T230000Z.dump, falling back past: local_20231231T235900Z.dump (corrupt: dump no longer matches its manifest (sha256))",
  );
  const md = drillMarkdown(report);
  assert.match(md, /^# Drill drill-20240101t000000z: passed\n/);
  assert.match(md, /- RTO: 20 s \(objective 300 s: met\), from drill start/);
  assert.match(md, /\| restore <data> \| 0\.0 \| 10\.0 \| 10\.0 \| yes \|/);
  assert.match(md, /\| public\.a \| 3 \| 3 \| equal \| yes \|/);
});

test("the timeline has one bar per phase on one axis, failures red, and the RTO line; names are escaped", () => {
  const svg = drillTimelineSvg(report);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="720" height="112"/);
  assert.match(svg, /<text x="162" y="45" text-anchor="end">restore &lt;data&gt;<\/text>/);
  assert.match(svg, /<rect x="170\.0" y="33" width="265\.0" height="16" fill="#4c9a2a"\/>/);
  assert.match(svg, /<rect x="435\.0" y="59" width="265\.0" height="16" fill="#c0392b"\/>/);
  assert.match(
    svg,
    /<line x1="700\.0"[^>]*stroke-dasharray="4 3"\/>\n {2}<text x="700\.0" y="104" text-anchor="middle">RTO 20 s<\/text>/,
  );
});

test("the report, its Markdown, the timeline and the manifest are written; one history line is appended", () => {
  const root = mkdtempSync(join(tmpdir(), "drill-files-"));
  try {
    const dir = writeReport(root, report, {
      file: "local_20231231T230000Z.dump",
      created_at: "2023-12-31T23:00:00.000Z",
      sha256: "a",
      tables: [],
    });
    writeReport(root, { ...report, id: "drill-2", ok: false, failure: "boom" }, undefined);
    assert.equal(dir, join(root, ".local", "drills", report.id));
    assert.deepEqual(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")), report);
    assert.equal(readFileSync(join(dir, "timeline.svg"), "utf8"), drillTimelineSvg(report));
    assert.equal(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")).file, "local_20231231T230000Z.dump");
    const history = readFileSync(join(root, ".local", "drills", "history.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      history.map((h) => [h.id, h.ok, h.rtoSeconds, h.fellBack, h.failure]),
      [
        [report.id, true, 20, true, null],
        ["drill-2", false, 20, true, "boom"],
      ],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the clock records each phase's start and end, failed ones too", async () => {
  let t = 0;
  const clock = startClock(
    () => t,
    () => new Date("2024-01-01T00:00:00Z"),
  );
  await clock.phase("one", async () => {
    t = 1500;
  });
  await assert.rejects(
    clock.phase("two", async () => {
      t = 4000;
      throw new Error("x");
    }),
    /x/,
  );
  assert.deepEqual(clock.phases(), [
    { name: "one", startMs: 0, endMs: 1500, ok: true },
    { name: "two", startMs: 1500, endMs: 4000, ok: false },
  ]);
  assert.equal(clock.elapsedMs(), 4000);
});
