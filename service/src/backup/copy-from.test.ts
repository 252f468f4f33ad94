import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { loadBackupConfig, type BackupConfig } from "./config.js";
import { copyFrom } from "./copy-from.js";
import { restoreSide } from "./one-shot.js";
import { databaseStats } from "./stats-command.js";
import { PG, backupEnv, createSeededDatabase, dropDatabase, sql } from "./test-helpers/postgres.js";

const databases = async (prefix: string) =>
  (
    await sql<{ datname: string; allow: boolean }>(
      PG.maintenanceDb,
      "SELECT datname, datallowconn AS allow FROM pg_database WHERE datname LIKE $1 ORDER BY datname",
      [`${prefix}%`],
    )
  ).map((d) => `${d.datname}:${d.allow}`);

describe("copy a database from another server (here: the same one, by another name) into a fresh database", () => {
  let live: string;
  let dir: string;
  let config: BackupConfig;

  beforeAll(async () => {
    live = await createSeededDatabase("copy");
    dir = await mkdtemp(join(tmpdir(), "backup-copy-"));
    config = loadBackupConfig(backupEnv(live, dir, { BACKUP_RESTORE_JOBS: "2" }));
  });
  afterAll(async () => {
    for (const d of await databases(live)) await dropDatabase(d.split(":")[0]!);
    await rm(dir, { recursive: true, force: true });
  });

  it("streams one snapshot into the new database; every table of the copy equals the source's", async () => {
    const result = await copyFrom(config, "localhost", `${live}_c1`);
    const source = await databaseStats(config, live);
    assert.deepEqual(result, {
      source_host: "localhost",
      database: `${live}_c1`,
      verified: true,
      mismatches: [],
      tables: source.tables,
      recovered_until: null,
    });
    assert.deepEqual((await databaseStats(config, `${live}_c1`)).tables, source.tables);
  });

  it("with --switch the copy takes the configured name and the previous database is kept, connections off", async () => {
    const answer = (await restoreSide(
      { name: "copy", host: "localhost", database: `${live}_c2`, after: "switch" },
      config,
      new AbortController().signal,
    )) as { switched: { current: string; previous: string } };
    assert.equal(answer.switched.current, live);
    assert.match(answer.switched.previous, new RegExp(`^${live}_before_\\d{8}t\\d{6}z$`));
    assert.deepEqual(await databases(live), [
      `${live}:true`,
      `${live}_before_${answer.switched.previous.slice(-16)}:false`,
      `${live}_c1:true`,
    ]);
  });

  it("an unreachable source fails before anything is created", async () => {
    await assert.rejects(
      copyFrom(config, "127.0.0.2", `${live}_c3`),
      (e: Error & { code?: string }) =>
        e.code === "BACKUP_DB_UNREACHABLE" && e.message.includes(`@127.0.0.2:${PG.port}/${live}`),
    );
    assert.equal((await databases(`${live}_c3`)).length, 0);
  });
});
