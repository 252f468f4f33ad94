import assert from "node:assert/strict";
import { test } from "vitest";
import { flatten, markdown, reportFiles, type Report } from "./report.js";

const report = (entries: Report["entries"]): Report => ({
  date: "2026-01-02T03:04:05.000Z",
  machine: { cpus: 2, node: "v20" },
  entries,
});

test("each section names its command, date and machine, and lists its figures as a table", () => {
  const md = markdown(
    report([
      {
        name: "engines",
        command: "node --import tsx bench/engines.ts",
        seconds: 12.34,
        ok: true,
        result: { engines: { math: { p50_ms: 3.5, p99_ms: 9 } } },
      },
    ]),
  );
  assert.match(md, /^## engines$/m);
  assert.match(
    md,
    /Command `node --import tsx bench\/engines\.ts` \(12\.3 s\), 2026-01-02T03:04:05\.000Z, on cpus=2, node=v20\./,
  );
  assert.match(md, /^\| engines\.math\.p50_ms \| 3\.5 \|$/m);
  assert.match(md, /^\| \[engines\]\(#engines\) \| yes \| 12\.3 \|/m);
});

test("a failed bench is marked in its heading and in the summary, and its anchor follows the heading", () => {
  const md = markdown(report([{ name: "drill", command: "c", seconds: 1, ok: false, result: { error: "exit 1" } }]));
  assert.match(md, /^## drill \(failed\)$/m);
  assert.match(md, /\[drill\]\(#drill-failed\) \| \*\*no\*\*/);
  assert.doesNotMatch(md, /!\[/, "no chart for a failed result");
});

test("pipes and newlines in figures cannot break a table row", () => {
  const md = markdown(report([{ name: "x", command: "a | b", seconds: 0, ok: true, result: { rule: "p | q\nr" } }]));
  assert.match(md, /^\| rule \| p \\\| q r \|$/m);
});

test("long arrays are counted, short ones listed, empty ones said to be empty", () => {
  assert.deepEqual(flatten({ a: Array.from({ length: 13 }, (_, i) => i), b: [1, 2], c: [] }), [
    ["a", "13 items (see report.json)"],
    ["b.0", "1"],
    ["b.1", "2"],
    ["c", "none"],
  ]);
});

test("charts are written beside report.md and linked from it", () => {
  const soak = {
    samples: [
      { atS: 0, rssMiB: 100, fds: 20, cgroupMiB: 90 },
      { atS: 60, rssMiB: 110, fds: 22, cgroupMiB: 95 },
    ],
  };
  const files = reportFiles(report([{ name: "soak", command: "c", seconds: 60, ok: true, result: soak }]));
  assert.deepEqual(
    files.map((f) => f.path),
    ["report.md", "charts/soak-memory.svg", "charts/soak-fds.svg"],
  );
  assert.match(files[0]!.content, /!\[Soak: api memory over time\]\(charts\/soak-memory\.svg\)/);
  assert.match(files[1]!.content, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
});
