import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import pg from "pg";
import { loadBackupConfig } from "./config.js";
import { readInventory } from "./inventory.js";
import { parseManifest, type Manifest } from "./manifest.js";
import { createBackupMetrics, type BackupMetrics } from "./metrics.js";
import { runBackup, type JobContext } from "./run-backup.js";
import { scratchMarker } from "./scratch.js";
import {
  PG,
  backupEnv,
  closedPort,
  createSeededDatabase,
  dropDatabase,
  scratchDatabasesOf,
  silentLogger,
  sql,
  tickingClock,
} from "./test-helpers/postgres.js";

async function metricValue(
  metrics: BackupMetrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const values = (await metrics.registry.getSingleMetric(name)!.get()).values;
  return values.find((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label))?.value;
}

async function readManifest(dir: string, name: string): Promise<Manifest> {
  const parsed = parseManifest(await readFile(join(dir, name), "utf8"));
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.manifest;
}

describe("runBackup against a real Postgres", () => {
  let database: string;
  let dir: string;
  const context = (extra: Record<string, string> = {}, clock = tickingClock("2024-05-06T07:08:09Z")): JobContext => ({
    config: loadBackupConfig(backupEnv(database, dir, extra)),
    logger: silentLogger,
    metrics: createBackupMetrics(),
    now: clock,
  });

  beforeAll(async () => {
    database = await createSeededDatabase("run");
    dir = await mkdtemp(join(tmpdir(), "backup-run-"));
  });
  afterAll(async () => {
    await dropDatabase(database);
    await rm(dir, { recursive: true, force: true });
  });

  it("writes a dump and a manifest that records the snapshot, verifies it, and drops the scratch database", async () => {
    const ctx = context();
    const manifest = await runBackup(ctx);
    assert.deepEqual((await readdir(dir)).sort(), [
      "test_20240506T070809Z.dump",
      "test_20240506T070809Z.manifest.json",
    ]);
    assert.deepEqual(await readManifest(dir, "test_20240506T070809Z.manifest.json"), manifest);
    const bytes = await readFile(join(dir, manifest.file));
    const [{ version }] = (await sql<{ version: string }>(
      database,
      "SELECT current_setting('server_version') AS version",
    )) as [{ version: string }];
    const pgDump = /\(PostgreSQL\) (\S+)/.exec(execFileSync("pg_dump", ["--version"], { encoding: "utf8" }))![1];
    assert.deepEqual(
      { ...manifest, tables: [], verification: { ...manifest.verification, at: null } },
      {
        manifest_format: 1,
        file: "test_20240506T070809Z.dump",
        stack: "test",
        database,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        size_bytes: bytes.length,
        created_at: "2024-05-06T07:08:09.000Z",
        server_version: version,
        pg_dump_version: pgDump,
        schema_version: 7,
        tables: [],
        verification: { verified: true, at: null, mismatches: [] },
      },
    );
    assert.deepEqual(
      manifest.tables.map(({ schema, table, rows }) => [schema, table, rows]),
      [
        ["audit.v2", "events.log", 3],
        ["public", "empty_table", 0],
        ["public", "items", 250],
        ["public", "schema_migrations", 3],
      ],
    );
    assert.ok(
      manifest.tables.every((t) => (t.rows === 0 ? t.checksum === null : /^[0-9a-f]{32}$/.test(t.checksum ?? ""))),
    );
    assert.equal(manifest.verification.at, "2024-05-06T07:08:10.000Z");
    assert.deepEqual(await scratchDatabasesOf(database), []);
    assert.equal(await metricValue(ctx.metrics, "backup_runs_total", { outcome: "success" }), 1);
    assert.equal(await metricValue(ctx.metrics, "backup_runs_total", { outcome: "failure" }), 0);
    assert.equal(await metricValue(ctx.metrics, "backup_last_size_bytes"), bytes.length);
    assert.equal(
      await metricValue(ctx.metrics, "backup_last_verified_timestamp_seconds"),
      Date.parse("2024-05-06T07:08:10Z") / 1000,
    );
    assert.equal(await metricValue(ctx.metrics, "backup_verified_count"), 1);
  });

  it("keeps counts and checksums in the dump's snapshot while rows are being written", async () => {
    const writer = new pg.Client({ host: PG.host, port: PG.port, user: PG.user, database });
    await writer.connect();
    let writing = true;
    const inserts = (async () => {
      for (let i = 0; writing; i++)
        await writer.query(`INSERT INTO "audit.v2"."events.log" (what) VALUES ($1)`, [`busy ${i}`]);
    })();
    try {
      const manifest = await runBackup(context({}, tickingClock("2024-05-07T00:00:00Z")));
      assert.equal(manifest.verification.verified, true);
      assert.ok(manifest.tables.find((t) => t.table === "events.log")!.rows > 3);
    } finally {
      writing = false;
      await inserts;
      await writer.end();
    }
  });

  it("records changed content in the changed table only, and keeps the newest BACKUP_RETAIN verified backups", async () => {
    const before = await readManifest(dir, "test_20240507T000000Z.manifest.json");
    await sql(database, "UPDATE items SET name = 'renamed' WHERE id = 17");
    const ctx = context({ BACKUP_RETAIN: "1" }, tickingClock("2024-05-08T00:00:00Z"));
    const manifest = await runBackup(ctx);
    const byTable = (m: Manifest) => Object.fromEntries(m.tables.map((t) => [t.table, t]));
    const [was, now] = [byTable(before), byTable(manifest)];
    assert.equal(now.items!.rows, was.items!.rows);
    assert.notEqual(now.items!.checksum, was.items!.checksum);
    assert.deepEqual([now.empty_table, now.schema_migrations], [was.empty_table, was.schema_migrations]);
    assert.deepEqual((await readdir(dir)).sort(), [
      "test_20240508T000000Z.dump",
      "test_20240508T000000Z.manifest.json",
    ]);
    assert.equal(await metricValue(ctx.metrics, "backup_verified_count"), 1);
  });

  it("removes what a crashed run left (partial dump, temp manifest, scratch database) and nothing else", async () => {
    const scratch = "verify_stale0test";
    await sql(PG.maintenanceDb, `CREATE DATABASE ${scratch}`);
    await sql(PG.maintenanceDb, `COMMENT ON DATABASE ${scratch} IS ${pg.escapeLiteral(scratchMarker(database))}`);
    const leftovers = [".test_20240508T120000Z.dump.partial", ".test_20240508T120000Z.manifest.json.0badf00d.tmp"];
    const foreign = [".other_20240508T120000Z.dump.partial", "notes.txt"];
    for (const name of [...leftovers, ...foreign]) await writeFile(join(dir, name), "half-written");
    await runBackup(context({}, tickingClock("2024-05-09T00:00:00Z")));
    assert.deepEqual(
      (await readdir(dir)).sort(),
      [
        ...foreign,
        "test_20240508T000000Z.dump",
        "test_20240508T000000Z.manifest.json",
        "test_20240509T000000Z.dump",
        "test_20240509T000000Z.manifest.json",
      ].sort(),
    );
    assert.deepEqual(await scratchDatabasesOf(database), []);
    await Promise.all(foreign.map((name) => rm(join(dir, name))));
  });

  it("fails with the database down, counts the failure, and leaves no file", async () => {
    const listing = (await readdir(dir)).sort();
    const ctx = context({ DATABASE_PORT: String(await closedPort()) }, tickingClock("2024-05-10T00:00:00Z"));
    // A scrape that sees the failure counter move must see fresh disk gauges: the counter moves last.
    const order: string[] = [];
    const set = ctx.metrics.verifiedCount.set.bind(ctx.metrics.verifiedCount);
    ctx.metrics.verifiedCount.set = ((...args: Parameters<typeof set>) => (
      order.push(`verified_count=${String(args.at(-1))}`), set(...args)
    )) as typeof set;
    const inc = ctx.metrics.runsTotal.inc.bind(ctx.metrics.runsTotal);
    ctx.metrics.runsTotal.inc = ((...args: Parameters<typeof inc>) => (
      order.push(`runs_total${JSON.stringify(args[0])}`), inc(...args)
    )) as typeof inc;
    await assert.rejects(
      runBackup(ctx),
      (error: Error & { code?: string }) =>
        error.code === "BACKUP_DB_UNREACHABLE" &&
        /^cannot connect to postgres as postgres@127\.0\.0\.1:\d+\//.test(error.message),
    );
    assert.deepEqual((await readdir(dir)).sort(), listing);
    assert.equal(await metricValue(ctx.metrics, "backup_runs_total", { outcome: "failure" }), 1);
    assert.equal(await metricValue(ctx.metrics, "backup_runs_total", { outcome: "success" }), 0);
    assert.equal(await metricValue(ctx.metrics, "backup_verified_count"), 2);
    assert.deepEqual(order, ["verified_count=2", 'runs_total{"outcome":"failure"}']);
  });

  it("refuses a role that cannot create databases, saying how to grant it, before any dump", async () => {
    const role = `bk_nocreatedb_${process.pid}`;
    await sql(PG.maintenanceDb, `CREATE ROLE ${role} LOGIN NOCREATEDB`);
    try {
      const listing = (await readdir(dir)).sort();
      await assert.rejects(
        runBackup(context({ DATABASE_USER: role })),
        (error: Error & { code?: string }) =>
          error.code === "BACKUP_NO_CREATEDB" && error.message.includes(`ALTER ROLE ${role} CREATEDB`),
      );
      assert.deepEqual((await readdir(dir)).sort(), listing);
    } finally {
      await sql(PG.maintenanceDb, `DROP ROLE ${role}`);
    }
  });

  it("on abort mid-dump stops pg_dump, removes the partial, and rejects with BACKUP_ABORTED", async () => {
    const slowDump = join(dir, "..", `${dir.split("/").at(-1)}-slow-pg_dump.sh`);
    await writeFile(
      slowDump,
      [
        "#!/bin/sh",
        'if [ "$1" = "--version" ]; then exec pg_dump --version; fi',
        'while [ $# -gt 0 ]; do if [ "$1" = "--file" ]; then out="$2"; fi; shift; done',
        'echo half-written > "$out"',
        "exec sleep 30",
      ].join("\n"),
      { mode: 0o755 },
    );
    try {
      const listing = (await readdir(dir)).sort();
      const controller = new AbortController();
      const run = runBackup(
        context({ PG_DUMP_BIN: slowDump }, tickingClock("2024-05-11T00:00:00Z")),
        controller.signal,
      );
      await waitFor(async () => (await readdir(dir)).includes(".test_20240511T000000Z.dump.partial"));
      controller.abort();
      await assert.rejects(run, (error: Error & { code?: string }) => error.code === "BACKUP_ABORTED");
      assert.deepEqual((await readdir(dir)).sort(), listing);
    } finally {
      await rm(slowDump, { force: true });
    }
  });

  it("losing the database mid-run fails with BACKUP_DB_FAILED and keeps the dump marked unverified", async () => {
    const [fakeDump, marker] = [join(dir, "..", `${dir.split("/").at(-1)}-held-pg_dump.sh`), `${dir}-release`];
    await writeFile(
      fakeDump,
      [
        "#!/bin/sh",
        'if [ "$1" = "--version" ]; then exec pg_dump --version; fi',
        'while [ $# -gt 0 ]; do if [ "$1" = "--file" ]; then out="$2"; fi; shift; done',
        'echo not-a-real-dump > "$out"',
        `while [ ! -f '${marker}' ]; do sleep 0.05; done`,
      ].join("\n"),
      { mode: 0o755 },
    );
    try {
      const run = runBackup(context({ PG_DUMP_BIN: fakeDump }, tickingClock("2024-05-12T00:00:00Z")));
      // Idle after counting the last table (tables go in name order): only the held dump is still running.
      await waitFor(
        async () =>
          (
            await sql(
              PG.maintenanceDb,
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity " +
                "WHERE datname = $1 AND application_name = 'verifier-backup' AND state = 'idle in transaction' " +
                `AND query LIKE '%"public"."schema_migrations" AS t'`,
              [database],
            )
          ).length === 1,
      );
      await writeFile(marker, "");
      await assert.rejects(run, (error: Error & { code?: string }) => error.code === "BACKUP_DB_FAILED");
      const manifest = await readManifest(dir, "test_20240512T000000Z.manifest.json");
      assert.deepEqual(
        manifest.verification.mismatches.map((m) => [m.subject, m.field]),
        [["verification", "error"]],
      );
      assert.equal(manifest.verification.verified, false);
    } finally {
      await rm(fakeDump, { force: true });
      await rm(marker, { force: true });
    }
  });

  it("lists what is on disk with each backup's state (a failure newer than the newest verified one stays)", async () => {
    const inventory = await readInventory(dir, "test");
    assert.deepEqual(
      inventory.backups.map((entry) => [entry.base, entry.state]),
      [
        ["test_20240508T000000Z", "verified"],
        ["test_20240509T000000Z", "verified"],
        ["test_20240512T000000Z", "unverified"],
      ],
    );
  });
});

/** Polls a condition every 20 ms, giving up after 10 s so a broken run cannot hang the suite. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail("condition not met within 10 s");
}

describe("runBackup as a least-privilege role", () => {
  let database: string;
  let dir: string;
  const context = (extra: Record<string, string>): JobContext => ({
    config: loadBackupConfig(backupEnv(database, dir, extra)),
    logger: silentLogger,
    metrics: createBackupMetrics(),
    now: tickingClock("2024-05-06T07:08:09Z"),
  });

  beforeAll(async () => {
    database = await createSeededDatabase("role");
    dir = await mkdtemp(join(tmpdir(), "backup-role-"));
  });
  afterAll(async () => {
    await dropDatabase(database);
    await rm(dir, { recursive: true, force: true });
  });

  it("runs as a backup role (pg_read_all_data, CREATEDB; no superuser), leaving another role's stale scratch database", async () => {
    const role = `bk_backup_${process.pid}`;
    const stale = `verify_stale1${process.pid}`;
    await sql(PG.maintenanceDb, `CREATE ROLE ${role} LOGIN CREATEDB IN ROLE pg_read_all_data`);
    await sql(PG.maintenanceDb, `CREATE DATABASE ${stale}`);
    await sql(PG.maintenanceDb, `COMMENT ON DATABASE ${stale} IS ${pg.escapeLiteral(scratchMarker(database))}`);
    try {
      const manifest = await runBackup(context({ DATABASE_USER: role }));
      assert.equal(manifest.verification.verified, true);
      assert.deepEqual(await scratchDatabasesOf(database), [stale]);
    } finally {
      await sql(PG.maintenanceDb, `DROP DATABASE IF EXISTS ${stale}`);
      await sql(PG.maintenanceDb, `DROP ROLE ${role}`);
    }
  });
});
