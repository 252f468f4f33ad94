import assert from "node:assert/strict";
import { copyFile, mkdtemp, open, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { loadBackupConfig, type BackupConfig } from "./config.js";
import { createBackupMetrics } from "./metrics.js";
import type { Manifest } from "./manifest.js";
import { BackupError } from "./errors.js";
import { restoreInto, withLeftover } from "./restore-into.js";
import { freePort } from "../test-helpers/ports.js";
import { runBackup } from "./run-backup.js";
import { databaseStats } from "./stats-command.js";
import { switchDatabase } from "./switch-database.js";
import {
  PG,
  backupEnv,
  createSeededDatabase,
  dropDatabase,
  silentLogger,
  sql,
  tickingClock,
} from "./test-helpers/postgres.js";

const databases = async (prefix: string) =>
  await sql<{ datname: string; allow: boolean }>(
    PG.maintenanceDb,
    "SELECT datname, datallowconn AS allow FROM pg_database WHERE datname LIKE $1 ORDER BY datname",
    [`${prefix}%`],
  );

describe("restore into a fresh database, stats and switch, against a real Postgres", () => {
  let live: string;
  let dir: string;
  let config: BackupConfig;
  let manifest: Manifest;

  beforeAll(async () => {
    live = await createSeededDatabase("restore");
    dir = await mkdtemp(join(tmpdir(), "backup-restore-"));
    config = loadBackupConfig(backupEnv(live, dir));
    manifest = await runBackup({
      config,
      logger: silentLogger,
      metrics: createBackupMetrics(),
      now: tickingClock("2024-05-06T07:08:09Z"),
    });
  });
  afterAll(async () => {
    for (const { datname } of await databases(live)) await dropDatabase(datname);
    await rm(dir, { recursive: true, force: true });
  });

  it("restores a dump into a new database whose every table matches the manifest", async () => {
    const result = await restoreInto(config, manifest.file, `${live}_r1`);
    assert.deepEqual(
      { ...result, tables: result.tables.length },
      {
        file: manifest.file,
        database: `${live}_r1`,
        created_at: manifest.created_at,
        verified: true,
        mismatches: [],
        tables: manifest.tables.length,
      },
    );
    assert.deepEqual(result.tables, manifest.tables);
    const [comment] = await sql<{ c: string }>(
      PG.maintenanceDb,
      "SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = $1",
      [`${live}_r1`],
    );
    assert.equal(comment?.c, `verifier-backup restore of ${manifest.file}`);
  });

  it("with DATABASE_RESTORE_ROLE, the new database and every object in it belong to that role", async () => {
    const role = `${live}_owner`;
    await sql(PG.maintenanceDb, `CREATE ROLE ${role} NOLOGIN`);
    try {
      const asRole = loadBackupConfig(backupEnv(live, dir, { DATABASE_RESTORE_ROLE: role }));
      assert.equal((await restoreInto(asRole, manifest.file, `${live}_owned`)).verified, true);
      const [db] = await sql<{ owner: string }>(
        PG.maintenanceDb,
        "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1",
        [`${live}_owned`],
      );
      assert.equal(db?.owner, role);
      const owners = await sql<{ owner: string }>(
        `${live}_owned`,
        `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'`,
      );
      assert.deepEqual(owners, [{ owner: role }]);
    } finally {
      await dropDatabase(`${live}_owned`);
      await sql(PG.maintenanceDb, `DROP ROLE ${role}`);
    }
  });

  it("a failed restore whose database cannot be dropped says it is still there and how to remove it", async () => {
    const failure = new BackupError("BACKUP_RESTORE_FAILED", "pg_restore exited with 1");
    const unreachable = loadBackupConfig(backupEnv(live, dir, { DATABASE_PORT: String(await freePort()) }));
    const reported = (await withLeftover(unreachable, `${live}_half`, failure)) as BackupError;
    assert.equal(reported.code, "BACKUP_RESTORE_FAILED");
    assert.match(
      reported.message,
      new RegExp(
        `^pg_restore exited with 1; the half-restored database ${live}_half is still there \\(dropping it failed: .+\\): drop it with DROP DATABASE "${live}_half" once the server answers$`,
      ),
    );
    // Dropped (or never made): the restore's own error, unchanged.
    assert.equal(await withLeftover(config, `${live}_half`, failure), failure);
  });

  it("never restores into a database that exists, the live one included", async () => {
    await assert.rejects(
      restoreInto(config, manifest.file, live),
      (e: Error & { code?: string }) =>
        e.code === "BACKUP_RESTORE_FAILED" &&
        e.message === `creating database ${live} failed: it already exists; restores only go into a fresh database`,
    );
  });

  it("finds a flipped byte before touching the server, in a copy named after another stack", async () => {
    const other = await mkdtemp(join(tmpdir(), "backup-restore-copy-"));
    try {
      const name = manifest.file.replace(/^test_/, "source-stack_");
      await copyFile(join(dir, manifest.file), join(other, name));
      await writeFile(
        join(other, name.replace(/\.dump$/, ".manifest.json")),
        (await readFile(join(dir, manifest.file.replace(/\.dump$/, ".manifest.json")), "utf8")).replace(
          manifest.file,
          name,
        ),
      );
      const handle = await open(join(other, name), "r+");
      const [byte] = (await handle.read(Buffer.alloc(1), 0, 1, 100)).buffer;
      await handle.write(Buffer.from([byte! ^ 0xff]), 0, 1, 100);
      await handle.close();
      const result = await restoreInto(config, join(other, name), `${live}_r2`);
      assert.equal(result.verified, false);
      assert.deepEqual(
        result.mismatches.map((m) => [m.subject, m.field, m.expected]),
        [["file", "sha256", manifest.sha256]],
      );
      assert.deepEqual((await databases(`${live}_r2`)).length, 0);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("reports the tables of a database with no recovery point outside recovery", async () => {
    const stats = await databaseStats(config, `${live}_r1`);
    assert.deepEqual(stats.tables, manifest.tables);
    assert.equal(stats.recovered_until, null);
    assert.equal(stats.database, `${live}_r1`);
  });

  it("switches by renaming: the restored one takes the name, the previous one is kept with connections off", async () => {
    const result = await switchDatabase(config, `${live}_r1`, new Date("2024-05-06T08:00:00Z"));
    assert.deepEqual(result, { current: live, previous: `${live}_before_20240506t080000z` });
    assert.deepEqual(await databases(live), [
      { datname: live, allow: true },
      { datname: `${live}_before_20240506t080000z`, allow: false },
    ]);
    assert.deepEqual((await databaseStats(config, live)).tables, manifest.tables);
    await assert.rejects(
      switchDatabase(config, `${live}_gone`, new Date()),
      /database .*_gone does not exist; restore into it first/,
    );
    assert.deepEqual((await readdir(dir)).filter((n) => !n.startsWith(".")).length, 2);
  });
});
