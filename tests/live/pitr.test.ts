import { afterAll, beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { run } from "../../infra/exec/run.js";
import {
  ops,
  ownInstance,
  removeInstance,
  suiteInstance,
  type OwnInstance,
} from "../../runbooks/backup/testing/ops.js";
import { eventually, exec, inspect, psqlArgv, psqlIn } from "../support/docker.js";
import { REPO_ROOT } from "../support/instance.js";

/**
 * `ops restore --to-time` as a real point-in-time recovery on an instance of its own (WAL archived):
 * rows written before and after a known instant, then a restore to that instant brings back exactly
 * the earlier rows, into a fresh database switched in by rename (the live one kept), through a
 * throwaway recovery server that is gone afterwards. A time no base backup reaches is refused.
 */
const INSTANCE = suiteInstance("pitrtest");
/** Commits on either side of the target time are this far from it, ms: the clock's granularity is microseconds. */
const GAP_MS = 1500;

let i: OwnInstance;
let beforeBackup: Date;
let toTime: Date;
let restore: { code: number; answer: Record<string, any> };
let refused: { code: number; answer: Record<string, any> };

const psql = (sql: string) => psqlIn(`${i.stack.project}-postgres`, sql);
const write = (label: string, n: number) =>
  psql(`INSERT INTO pitr_rows (label) SELECT '${label} ' || g FROM generate_series(1, ${n}) g`);

beforeAll(async () => {
  i = await ownInstance(REPO_ROOT, INSTANCE, { backup: { walArchiving: true, archiveTimeoutSeconds: 5 } });
  await psql(
    "CREATE TABLE pitr_rows (id serial PRIMARY KEY, label text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())",
  );
  await write("seed", 1000);
  beforeBackup = new Date();
  await sleep(1100); // backups are named by the second
  const backup = await ops(i, "backup");
  assert.equal(backup.code, 0, JSON.stringify(backup.answer.error));
  await write("earlier", 3);
  await sleep(GAP_MS);
  toTime = new Date();
  await sleep(GAP_MS);
  await write("later", 3);
  refused = await ops(i, "restore", "--from", "latest", "--to-time", beforeBackup.toISOString());
  restore = await ops(i, "restore", "--from", "latest", "--to-time", toTime.toISOString());
});

afterAll(async () => {
  await removeInstance(REPO_ROOT, INSTANCE);
});

test("the restore replays WAL to the time: the earlier rows are there, the later ones are not", async () => {
  assert.equal(restore.code, 0, JSON.stringify(restore.answer.error));
  assert.equal(restore.answer.plan.kind, "pitr");
  assert.equal(restore.answer.plan.toTime, toTime.toISOString());
  assert.ok(restore.answer.plan.segments.length >= 1);
  const labels = await psql("SELECT label FROM pitr_rows WHERE label NOT LIKE 'seed %' ORDER BY id");
  assert.equal(labels, "earlier 1\nearlier 2\nearlier 3\n");
  assert.equal(await psql("SELECT count(*) FROM pitr_rows WHERE label LIKE 'seed %'"), "1000\n");
  assert.ok(
    Date.parse(restore.answer.restore.recovered_until) <= toTime.getTime(),
    restore.answer.restore.recovered_until,
  );
  assert.equal(restore.answer.verify.ok, true);
});

test("the recovered data went into a fresh database; the live one is kept beside it, connections off", async () => {
  const databases = await psql(
    "SELECT datname || ':' || datallowconn FROM pg_database WHERE datname LIKE 'verifier%' ORDER BY 1",
  );
  assert.equal(databases, `verifier:true\n${restore.answer.switched.previous}:false\n`);
  const kept = (sql: string) =>
    exec(`${i.stack.project}-postgres`, [
      "psql",
      "-X",
      "-q",
      "-At",
      "-U",
      "verifier",
      "-d",
      "postgres",
      "-c",
      `ALTER DATABASE ${restore.answer.switched.previous} ALLOW_CONNECTIONS true`,
    ]).then(() =>
      exec(`${i.stack.project}-postgres`, [
        "psql",
        "-X",
        "-q",
        "-At",
        "-U",
        "verifier",
        "-d",
        restore.answer.switched.previous,
        "-c",
        sql,
      ]),
    );
  assert.equal(await kept("SELECT count(*) FROM pitr_rows WHERE label LIKE 'later %'"), "3\n");
  const tables = restore.answer.restore.tables.map((t: any) => [t.table, t.rows]);
  assert.ok(
    tables.some(([t, rows]: [string, number]) => t === "pitr_rows" && rows === 1003),
    JSON.stringify(tables),
  );
});

test("the throwaway recovery server and its volume are gone", async () => {
  const { container, volume } = restore.answer.plan.recovery;
  assert.equal((await run(["docker", "ps", "-aq", "--filter", `name=^${container}$`])).trim(), "");
  assert.equal((await run(["docker", "volume", "ls", "-q", "--filter", `name=^${volume}$`])).trim(), "");
});

test("a time before every base backup is refused before anything is touched, naming the recoverable window", () => {
  assert.equal(refused.code, 1);
  assert.equal(refused.answer.error.code, "TIME_NOT_RECOVERABLE");
  assert.match(
    refused.answer.error.message,
    new RegExp(
      `^--to-time ${beforeBackup.toISOString().replace(/\./g, "\\.")}: it is before the oldest usable base backup, .*\\(recoverable: .* … .*\\); and no verified dump was taken at or before it either$`,
    ),
  );
});

/**
 * Postgres's checkpointer computes its first sleep while the server is still starting, when
 * archive_timeout does not count: until its first checkpoint (5 minutes) or a signal, no segment is
 * forced out. The container's healthcheck (infra/images/files/postgres-health) wakes it once per start.
 */
test("after a restart of postgres, a lone commit reaches the archive within archive_timeout (5 s), not at the first checkpoint", async () => {
  const postgres = `${i.stack.project}-postgres`;
  await run(["docker", "restart", postgres]);
  const health = await eventually(
    async () => (await inspect(postgres)).State.Health?.Status,
    (status) => status === "healthy",
    60_000,
  );
  assert.equal(health, "healthy");
  const archived = () => psql("SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver");
  const before = await archived();
  await write("after the restart", 1);
  // The timeout plus the archiver's copy and a healthcheck's wake-up, well short of the 5-minute checkpoint.
  const after = await eventually(archived, (wal) => wal !== before, 20_000, 250);
  assert.notEqual(after, before, `nothing archived in 20 s after a commit (last: ${before.trim() || "none"})`);
});

/**
 * A stop sends Postgres SIGINT, its fast shutdown: sessions are ended and the server checkpoints and
 * exits. SIGTERM, its smart shutdown, would wait for every client to leave: a session held open kept
 * it up until the grace period ran out and Docker killed it (exit 137, a crash recovery at next start).
 */
test("docker stop of postgres with a session held open ends the session and shuts down cleanly (exit 0)", async () => {
  const postgres = `${i.stack.project}-postgres`;
  await run(["docker", "exec", "-d", postgres, ...psqlArgv("SELECT pg_sleep(600)")]);
  await eventually(
    () => psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(600)%'"),
    (n) => n.trim() === "1",
    10_000,
  );
  await run(["docker", "stop", postgres], { timeoutMs: 120_000 });
  assert.equal(
    (await inspect(postgres)).State.ExitCode,
    0,
    "Postgres was killed at the end of the grace period, not shut down",
  );
});
