import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { takeBaseBackup } from "./base-backup.js";
import { parseBaseManifest } from "./base-manifest.js";
import { loadBackupConfig, type BackupConfig } from "./config.js";
import { fileDigest } from "./file-digest.js";

/**
 * pg_basebackup stands in as a script writing what the real one writes (-Ft -z: base.tar.gz holding
 * backup_label, and backup_manifest), with owner-only modes; FAIL=1 makes it fail half-way.
 */
const FAKE = `#!/bin/sh
set -eu
while [ "$#" -gt 0 ]; do [ "$1" = "--pgdata" ] && dir="$2"; shift; done
mkdir -m 700 "$dir"
src=$(mktemp -d)
printf 'START WAL LOCATION: 0/5000028 (file 000000010000000000000005)\\nCHECKPOINT LOCATION: 0/5000080\\nSTART TIME: 2024-05-06 07:08:10 UTC\\nLABEL: x\\nSTART TIMELINE: 1\\n' > "$src/backup_label"
tar -czf "$dir/base.tar.gz" -C "$src" backup_label
rm -r "$src"
[ "\${FAIL:-0}" = 1 ] && { echo "pg_basebackup: error: connection lost" >&2; exit 1; }
echo '{ "PostgreSQL-Backup-Manifest-Version": 2, "WAL-Ranges": [ { "Timeline": 1, "Start-LSN": "0/5000028", "End-LSN": "0/5000100" } ] }' > "$dir/backup_manifest"
chmod 600 "$dir/base.tar.gz" "$dir/backup_manifest"
`;

describe("takeBaseBackup", () => {
  let dir: string;
  let bin: string;
  const configOf = (extra: Record<string, string> = {}): BackupConfig =>
    loadBackupConfig({
      BACKUP_STACK: "p",
      BACKUP_DIR: join(dir, "backups"),
      DATABASE_HOST: "db",
      DATABASE_NAME: "verifier",
      DATABASE_USER: "verifier",
      PG_BASEBACKUP_BIN: bin,
      ...extra,
    });
  const input = (config: BackupConfig) => ({
    config,
    base: "p_20240506T070809Z",
    pairedDump: "p_20240506T070809Z.dump",
    createdAt: new Date("2024-05-06T07:08:09Z"),
    serverVersion: "17.2",
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "base-backup-"));
    bin = join(dir, "pg_basebackup");
    await writeFile(bin, FAKE);
    await chmod(bin, 0o755);
    await mkdir(join(dir, "backups"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("publishes base/<name> with a manifest naming its start, end and digests, readable by the backups group", async () => {
    const manifest = await takeBaseBackup(input(configOf()));
    const published = join(dir, "backups", "base", "p_20240506T070809Z");
    assert.deepEqual(await readdir(join(dir, "backups", "base")), ["p_20240506T070809Z"]);
    assert.deepEqual((await readdir(published)).sort(), ["backup_manifest", "base.tar.gz", "manifest.json"]);
    const onDisk = parseBaseManifest(await readFile(join(published, "manifest.json"), "utf8"));
    assert.ok(onDisk.ok);
    assert.deepEqual(onDisk.manifest, manifest);
    assert.deepEqual(
      { ...manifest, files: [] },
      {
        manifest_format: 1,
        kind: "base",
        name: "p_20240506T070809Z",
        stack: "p",
        created_at: "2024-05-06T07:08:09.000Z",
        paired_dump: "p_20240506T070809Z.dump",
        server_version: "17.2",
        start_lsn: "0/5000028",
        start_wal_file: "000000010000000000000005",
        start_time: "2024-05-06T07:08:10.000Z",
        timeline: 1,
        end_lsn: "0/5000100",
        files: [],
      },
    );
    assert.deepEqual(manifest.files, [
      { name: "base.tar.gz", ...(await fileDigest(join(published, "base.tar.gz"))) },
      { name: "backup_manifest", ...(await fileDigest(join(published, "backup_manifest"))) },
    ]);
    assert.equal((await stat(join(published, "base.tar.gz"))).mode & 0o777, 0o640);
    assert.equal((await stat(published)).mode & 0o7777 & ~0o2000, 0o750);
  });

  it("never replaces a base backup of the same name", async () => {
    await assert.rejects(
      takeBaseBackup(input(configOf())),
      (e: Error & { code?: string }) => e.code === "BACKUP_NAME_TAKEN",
    );
    assert.deepEqual(await readdir(join(dir, "backups", "base")), ["p_20240506T070809Z"]);
  });

  it("leaves nothing behind when pg_basebackup fails half-way, and says why", async () => {
    const failing = join(dir, "failing");
    await writeFile(failing, FAKE.replace("set -eu", "set -eu\nFAIL=1"));
    await chmod(failing, 0o755);
    const config = configOf({ PG_BASEBACKUP_BIN: failing });
    await assert.rejects(
      takeBaseBackup({ ...input(config), base: "p_20240507T000000Z" }),
      (e: Error & { code?: string }) =>
        e.code === "BACKUP_BASE_FAILED" && /exited with 1: pg_basebackup: error: connection lost/.test(e.message),
    );
    assert.deepEqual(await readdir(join(dir, "backups", "base")), ["p_20240506T070809Z"]);
  });
});
