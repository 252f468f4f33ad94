import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import pg from "pg";
import { createLogger } from "../../logger.js";
import { createMetrics } from "../../plugins/metrics.js";
import { HOST_POSTGRES } from "../../test-helpers/host-services.js";
import {
  createThrowawayDatabase,
  toleratingDrop,
  type ThrowawayDatabase,
} from "../../test-helpers/throwaway-database.js";
import { findMigrationsDir } from "./directory.js";
import { readMigrationFiles } from "./files.js";
import { runMigrations, type MigrateOptions } from "./runner.js";

const logger = createLogger({ level: "silent" });
const databases: ThrowawayDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

async function freshDatabase(): Promise<ThrowawayDatabase> {
  const database = await createThrowawayDatabase("migrate");
  databases.push(database);
  return database;
}

function options(dir: string): MigrateOptions {
  return { dir, logger, histogram: createMetrics().dbQueryDurationSeconds };
}

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "migrations-"));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

async function recorded(pool: pg.Pool): Promise<unknown[]> {
  const { rows } = await pool.query("SELECT version, name FROM schema_migrations ORDER BY version");
  return rows.map((row) => [row.version, row.name]);
}

describe("runMigrations", () => {
  it("applies the service's own migrations once, then nothing", async () => {
    const { pool } = await freshDatabase();
    // Later features add files here; the expectation follows the folder.
    const found = await readMigrationFiles(findMigrationsDir());
    const files = found.map((file) => file.fileName);
    const latest = Math.max(...found.map((file) => file.version));
    assert.equal(files[0], "001_init.sql");
    assert.deepEqual(await runMigrations(pool, options(findMigrationsDir())), {
      applied: files,
      schemaVersion: latest,
    });
    assert.deepEqual(await runMigrations(pool, options(findMigrationsDir())), { applied: [], schemaVersion: latest });
    assert.equal((await recorded(pool)).length, files.length);
    const meta = await pool.query("SELECT key FROM app_meta WHERE key = 'initialised_at'");
    assert.deepEqual(meta.rows, [{ key: "initialised_at" }]);
  });

  it("lets only one of two concurrent runners apply each file", async () => {
    const { name } = await freshDatabase();
    // Neither file is idempotent: applied twice, the second CREATE TABLE would fail.
    const dir = migrationsDir({
      "001_slow.sql": "SELECT pg_sleep(0.3); CREATE TABLE a (id int);",
      "002_b.sql": "CREATE TABLE b (id int);",
    });
    const pools = [0, 1].map(() => toleratingDrop(new pg.Pool({ ...HOST_POSTGRES, database: name, max: 2 })));
    const results = await Promise.all(pools.map((pool) => runMigrations(pool, options(dir))));
    assert.deepEqual(results.map((r) => r.applied.length).sort(), [0, 2]);
    assert.deepEqual(
      results.map((r) => r.schemaVersion),
      [2, 2],
    );
    assert.deepEqual(await recorded(pools[0] as pg.Pool), [
      [1, "slow"],
      [2, "b"],
    ]);
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it("refuses to run when an applied file was changed, naming it", async () => {
    const { pool } = await freshDatabase();
    const dir = migrationsDir({ "001_a.sql": "CREATE TABLE a (id int);" });
    await runMigrations(pool, options(dir));
    writeFileSync(join(dir, "001_a.sql"), "CREATE TABLE a (id bigint);");
    await assert.rejects(
      runMigrations(pool, options(dir)),
      (error: Error & { code: string }) =>
        error.code === "MIGRATION_CHANGED" &&
        error.message.startsWith("migration 001_a.sql was changed after it was applied"),
    );
  });

  it("rolls a failing file back, names it, and releases the lock", async () => {
    const { pool } = await freshDatabase();
    const dir = migrationsDir({
      "001_ok.sql": "CREATE TABLE ok (id int);",
      "002_bad.sql": "CREATE TABLE half (id int); SELEKT 1;",
    });
    await assert.rejects(
      runMigrations(pool, options(dir)),
      (error: Error & { code: string }) =>
        error.code === "MIGRATION_FAILED" &&
        error.message.startsWith("migration 002_bad.sql failed and was rolled back: syntax error"),
    );
    assert.deepEqual(await recorded(pool), [[1, "ok"]]);
    assert.equal((await pool.query("SELECT to_regclass('half') AS t")).rows[0].t, null);
    writeFileSync(join(dir, "002_bad.sql"), "CREATE TABLE half (id int);");
    assert.deepEqual(await runMigrations(pool, options(dir)), { applied: ["002_bad.sql"], schemaVersion: 2 });
  });

  it("tolerates versions applied by a newer build and times its queries", async () => {
    const { pool } = await freshDatabase();
    await runMigrations(
      pool,
      options(migrationsDir({ "001_a.sql": "CREATE TABLE a ();", "002_b.sql": "CREATE TABLE b ();" })),
    );
    const run = options(migrationsDir({ "001_a.sql": "CREATE TABLE a ();" }));
    assert.deepEqual(await runMigrations(pool, run), { applied: [], schemaVersion: 2 });
    const timings = await run.histogram.get();
    const count = timings.values.find((v) => v.metricName === "db_query_duration_seconds_count");
    assert.deepEqual(count?.labels, { operation: "migration" });
    assert.ok((count?.value ?? 0) >= 4, "lock, create table, select, unlock");
  });
});
