import { afterAll, beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { run } from "../../infra/exec/run.js";
import {
  ops,
  ownInstance,
  removeInstance,
  suiteInstance,
  type OwnInstance,
} from "../../runbooks/backup/testing/ops.js";
import { exec, psqlArgv } from "../support/docker.js";
import { REPO_ROOT } from "../support/instance.js";
import { ARCHIVE_COPY_SECONDS } from "../../infra/config/recoveryPoint.js";

/**
 * Point-in-time recovery: with WAL archiving every 5 s, rows committed after the last dump survive
 * the loss of the whole server (container and data volume): the drill restores the base backup taken
 * with the dump and replays the archived WAL, losing at most about archive_timeout of commits. The
 * RTO objective is set to 1 s, which no drill meets: the drill must say so and exit 1, report intact.
 */
/** bkwaltest names derive from VERIFIER_TEST_INSTANCE (suiteInstance), so parallel runs never collide. */
const INSTANCE = suiteInstance("bkwaltest");
const ARCHIVE_TIMEOUT_S = 5;
/** How long rows keep arriving after the dump before the disaster, s. */
const WRITING_S = 12;

let i: OwnInstance;
let dump: string;
let disasterAt: Date;
let drill: { code: number; answer: Record<string, any> };
/** The report travels as the error's detail when the drill exits 1. */
const report = () => drill.answer.detail.report;

/** One commit every 100 ms for longer than the test waits: it is still writing when the server dies. */
const WRITER = `DO $$ BEGIN FOR n IN 1..${WRITING_S * 30} LOOP
  INSERT INTO pitr_events (note) VALUES ('after the dump ' || n); COMMIT; PERFORM pg_sleep(0.1); END LOOP; END $$`;

beforeAll(async () => {
  i = await ownInstance(REPO_ROOT, INSTANCE, {
    backup: { walArchiving: true, archiveTimeoutSeconds: ARCHIVE_TIMEOUT_S },
    objectives: { rtoSeconds: 1, rpoSeconds: 60 },
  });
  const postgres = `${i.stack.project}-postgres`;
  await exec(
    postgres,
    psqlArgv(
      "CREATE TABLE pitr_events (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(), note text); INSERT INTO pitr_events (note) SELECT 'before ' || g FROM generate_series(1, 5000) g",
    ),
  );
  const backup = await ops(i, "backup");
  assert.equal(backup.code, 0, JSON.stringify(backup.answer.error));
  dump = backup.answer.file;
  const writing = exec(postgres, psqlArgv(WRITER)).catch(() => "the server died mid-write, as intended");
  await sleep(WRITING_S * 1000);
  disasterAt = new Date();
  await run(["docker", "rm", "-f", postgres]);
  await run(["docker", "volume", "rm", `${i.stack.project}-pgdata`]);
  await writing;
  drill = await ops(i, "drill", "--disaster-at", disasterAt.toISOString());
});

afterAll(async () => {
  await removeInstance(REPO_ROOT, INSTANCE, drill?.answer.detail?.report?.id ? [drill.answer.detail.report.id] : []);
});

test("a missed objective (RTO 1 s) makes the drill exit 1 with OBJECTIVE_MISSED, its report complete", () => {
  assert.deepEqual([drill.code, drill.answer.error.code], [1, "OBJECTIVE_MISSED"], JSON.stringify(drill.answer.error));
  const r = report();
  assert.deepEqual([r.ok, r.failure, r.rto.objectiveSeconds, r.rto.met, r.rpo.met], [false, null, 1, false, true]);
  assert.ok(r.rto.seconds > 1);
  assert.match(drill.answer.error.message, /missed an objective: RTO [\d.]+ s \(objective 1 s, MISSED\)/);
});

test("the drill recovers from the base backup taken with the dump plus the archived WAL", () => {
  const r = report();
  assert.deepEqual(
    [r.restored.kind, r.restored.dump, r.restored.base],
    ["physical", dump, dump.replace(/\.dump$/, "")],
  );
  assert.ok(r.restored.walSegments >= 2, String(r.restored.walSegments));
  assert.deepEqual(r.skipped, []);
  assert.deepEqual(r.failedAttempts, []);
});

test("rows committed after the dump are back: every table holds at least the dump's rows, the written one more", () => {
  const r = report();
  assert.ok(
    r.checks.tables.every((t: any) => t.ok),
    JSON.stringify(r.checks.tables),
  );
  const events = r.checks.tables.find((t: any) => t.table === "public.pitr_events");
  assert.equal(events.expectedRows, 5000);
  assert.ok(events.actualRows > 5000 + 30, `${events.actualRows} rows recovered`);
});

test(`the newest recovered commit is at most archive_timeout (${ARCHIVE_TIMEOUT_S} s, plus the archiver's copy) before the disaster`, () => {
  const r = report();
  const manifest = JSON.parse(readFileSync(join(drill.answer.detail.dir, "manifest.json"), "utf8"));
  assert.ok(
    Date.parse(r.restored.recoveredUntil) >
      Date.parse(manifest.created_at) + (WRITING_S - ARCHIVE_TIMEOUT_S - ARCHIVE_COPY_SECONDS) * 1000,
    r.restored.recoveredUntil,
  );
  assert.equal(
    r.rpo.seconds,
    Math.max(0, Math.round((disasterAt.getTime() - Date.parse(r.restored.recoveredUntil)) / 10) / 100),
  );
  assert.ok(r.rpo.seconds <= ARCHIVE_TIMEOUT_S + ARCHIVE_COPY_SECONDS, `RPO ${r.rpo.seconds} s`);
});
