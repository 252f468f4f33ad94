import { test } from "vitest";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandError } from "../../../infra/exec/run.js";
import type { BackupJob } from "../../targets/target.js";
import { DATA_ONLY, runDataDrill } from "./dataDrill.js";

const listed = (file: string, state: string, created_at: string, reason = "ok") => ({
  file,
  created_at,
  state,
  reason,
  size_bytes: 10,
  sha256: null,
  schema_version: 1,
  verified_at: null,
});
const TABLES = [{ schema: "public", table: "ops_rows", rows: 3, checksum: "c1" }];

/** The one seam: the stack's backup job, answering from a script and recording what it was asked. */
function recordingJob(answers: Record<string, () => string>): BackupJob & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    project: "verifier-prod",
    asked,
    describe: (args) => `main.js ${args[0]} in a Job`,
    async ask(args) {
      asked.push(args);
      const answer = answers[args.slice(0, 2).join(" ")];
      if (!answer) throw new Error(`unexpected ask: ${args.join(" ")}`);
      return answer();
    },
  };
}

const drill = (job: BackupJob, rpoSeconds = 7200) =>
  runDataDrill({
    repoRoot: mkdtempSync(join(tmpdir(), "data-drill-")),
    source: { repoRoot: "/unused", stack: "prod", project: "verifier-prod" },
    job,
    objectives: { rtoSeconds: 3600, rpoSeconds },
    images: {},
    disasterAt: new Date("2026-12-07T06:10:00Z"),
  });

test("falls back past an unusable and a failing dump, restores the next into a scratch database with --check, reports data only", async () => {
  const job = recordingJob({
    list: () =>
      JSON.stringify([
        listed("p_20261207T060500Z.dump", "partial", "2026-12-07T06:05:00.000Z", "no manifest"),
        listed("p_20261207T060000Z.dump", "verified", "2026-12-07T06:00:00.000Z"),
        listed("p_20261207T050000Z.dump", "verified", "2026-12-07T05:00:00.000Z"),
      ]),
    "restore p_20261207T060000Z.dump": () => {
      throw new CommandError(["kubectl"], 1, "backup failed [BACKUP_RESTORE_FAILED]: pg_restore exited 1");
    },
    "restore p_20261207T050000Z.dump": () =>
      `${JSON.stringify({ file: "p_20261207T050000Z.dump", database: "x", verified: true, mismatches: [], tables: TABLES, created_at: "2026-12-07T05:00:00.000Z", kept: false })}\n`,
  });
  const { report, dir } = await drill(job);
  const scratch = job.asked[1]![2]!;
  assert.match(scratch, /^drill_\d{8}t\d{6}z_[0-9a-f]{4}$/);
  assert.deepEqual(job.asked, [
    ["list"],
    ["restore", "p_20261207T060000Z.dump", scratch, "--check"],
    ["restore", "p_20261207T050000Z.dump", scratch, "--check"],
  ]);
  assert.equal(report.ok, true);
  assert.deepEqual(report.restored, {
    kind: "logical",
    dump: "p_20261207T050000Z.dump",
    base: null,
    walSegments: 0,
    recoveredUntil: "2026-12-07T05:00:00.000Z",
  });
  assert.deepEqual(report.skipped, [{ file: "p_20261207T060500Z.dump", reason: "no manifest" }]);
  assert.deepEqual(report.failedAttempts, [
    { attempt: "p_20261207T060000Z.dump", reason: "backup failed [BACKUP_RESTORE_FAILED]: pg_restore exited 1" },
  ]);
  assert.equal(report.rpo?.seconds, 4200);
  assert.deepEqual(report.checks, {
    readiness: DATA_ONLY,
    smoke: [],
    tables: [{ table: "public.ops_rows", expectedRows: 3, actualRows: 3, checksum: "equal", ok: true }],
  });
  assert.equal(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).id, report.id);
});

test("a dump older than the RPO allows restores and still misses the objective; no verified dump fails the drill", async () => {
  const answer = `${JSON.stringify({ file: "p_20261207T050000Z.dump", database: "x", verified: true, mismatches: [], tables: TABLES, created_at: "2026-12-07T05:00:00.000Z" })}`;
  const old = recordingJob({
    list: () => JSON.stringify([listed("p_20261207T050000Z.dump", "verified", "2026-12-07T05:00:00.000Z")]),
    "restore p_20261207T050000Z.dump": () => answer,
  });
  const missed = (await drill(old, 300)).report;
  assert.deepEqual(
    [missed.ok, missed.failure, missed.rpo],
    [false, null, { seconds: 4200, objectiveSeconds: 300, met: false }],
  );
  const none = recordingJob({
    list: () => JSON.stringify([listed("p_x.dump", "failed", "2026-12-07T05:00:00.000Z", "mismatch")]),
  });
  const failed = (await drill(none)).report;
  assert.deepEqual(
    [failed.ok, failed.failure, failed.restored],
    [false, "verifier-prod has no verified backup to restore", null],
  );
});
