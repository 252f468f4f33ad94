import assert from "node:assert/strict";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { loadBackupConfig, type BackupConfig } from "./config.js";
import type { Manifest } from "./manifest.js";
import { createBackupMetrics } from "./metrics.js";
import { runBackup } from "./run-backup.js";
import { databaseStats } from "./stats-command.js";
import {
  PG,
  backupEnv,
  createSeededDatabase,
  dropDatabase,
  silentLogger,
  sql,
  tickingClock,
} from "./test-helpers/postgres.js";
import { cli } from "./test-helpers/cli.js";

/** Databases whose name starts with `prefix`, each with its oid (a re-created database gets a new one). */
const databases = async (prefix: string) =>
  await sql<{ datname: string; oid: number }>(
    PG.maintenanceDb,
    "SELECT datname, oid::int AS oid FROM pg_database WHERE datname LIKE $1 ORDER BY datname",
    [`${prefix}%`],
  );

describe("restore --check, a drill against a real Postgres and a real verified backup", () => {
  let live: string;
  let dir: string;
  let env: Record<string, string>;
  let config: BackupConfig;
  let manifest: Manifest;

  beforeAll(async () => {
    live = await createSeededDatabase("drill");
    dir = await mkdtemp(join(tmpdir(), "backup-drill-"));
    env = backupEnv(live, dir);
    config = loadBackupConfig(env);
    const deps = { config, logger: silentLogger, metrics: createBackupMetrics() };
    manifest = await runBackup({ ...deps, now: tickingClock("2024-05-06T07:08:09Z") });
    assert.equal(manifest.verification.verified, true);
  });
  afterAll(async () => {
    for (const { datname } of await databases(live)) await dropDatabase(datname);
    await rm(dir, { recursive: true, force: true });
  });

  it("exits 0 on a match, prints kept: false, drops the scratch database and leaves the live one as it was", async () => {
    const before = { databases: await databases(live), tables: (await databaseStats(config, live)).tables };
    const outcome = await cli(["restore", manifest.file, `${live}_drill`, "--check"], env);
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.deepEqual(JSON.parse(outcome.stdout), {
      file: manifest.file,
      database: `${live}_drill`,
      created_at: manifest.created_at,
      verified: true,
      mismatches: [],
      tables: manifest.tables,
      kept: false,
    });
    assert.deepEqual(await databases(`${live}_drill`), []);
    assert.deepEqual(before.databases, [{ datname: live, oid: before.databases[0]!.oid }]);
    assert.deepEqual(await databases(live), before.databases);
    assert.deepEqual((await databaseStats(config, live)).tables, before.tables);
  });

  it("on a mismatch prints the result, kept: false, exits 1 and leaves nothing; never into the live name", async () => {
    const other = await mkdtemp(join(tmpdir(), "backup-drill-bad-"));
    try {
      const manifestName = manifest.file.replace(/\.dump$/, ".manifest.json");
      await copyFile(join(dir, manifest.file), join(other, manifest.file));
      // One table's row count off by one: the file still matches, so the restore runs and the comparison fails.
      const altered = JSON.parse(await readFile(join(dir, manifestName), "utf8")) as Manifest;
      const items = altered.tables.find((t) => t.table === "items")!;
      assert.equal(items.rows, 250);
      items.rows = 251;
      await writeFile(join(other, manifestName), JSON.stringify(altered, null, 2));
      const outcome = await cli(["restore", join(other, manifest.file), `${live}_drill_bad`, "--check"], env);
      assert.equal(outcome.code, 1);
      const printed = JSON.parse(outcome.stdout) as { verified: boolean; kept: boolean; mismatches: unknown[] };
      assert.deepEqual(
        [printed.verified, printed.kept, printed.mismatches],
        [false, false, [{ subject: "public.items", field: "rows", expected: "251", actual: "250" }]],
      );
      assert.match(outcome.stderr, /^backup failed \[BACKUP_RESTORE_FAILED\]: .* was not kept\n$/);
      assert.deepEqual(await databases(`${live}_drill_bad`), []);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
    // Even with no database under DATABASE_NAME (say, mid-recovery), a drill never creates one by that name.
    const absent = `${live}_absent`;
    const intoLive = await cli(["restore", manifest.file, absent, "--check"], { ...env, DATABASE_NAME: absent });
    assert.equal(intoLive.code, 2, intoLive.stdout);
    assert.match(
      intoLive.stderr,
      /\[BACKUP_USAGE\]: a drill restores into a scratch database, not .*_absent \(DATABASE_NAME\)/,
    );
    assert.deepEqual(await databases(absent), []);
  });
});
