import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFile, mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, it } from "vitest";
import { loadBackupConfig, type BackupConfig } from "./config.js";
import { readInventory } from "./inventory.js";
import { parseManifest, serializeManifest, type Manifest } from "./manifest.js";
import { createBackupMetrics } from "./metrics.js";
import { runBackup } from "./run-backup.js";
import { verifyFile } from "./verify-file.js";
import {
  backupEnv,
  createSeededDatabase,
  dropDatabase,
  scratchDatabasesOf,
  silentLogger,
  tickingClock,
} from "./test-helpers/postgres.js";

const DUMP = "test_20240601T000000Z.dump";
const MANIFEST = "test_20240601T000000Z.manifest.json";

describe("verifyFile against a real Postgres", () => {
  let database: string;
  let dir: string;
  let config: BackupConfig;
  let original: Manifest;
  const now = tickingClock("2024-06-02T00:00:00Z");
  const manifestOnDisk = async () =>
    (parseManifest(await readFile(join(dir, MANIFEST), "utf8")) as { manifest: Manifest }).manifest;
  const writeManifest = (manifest: Manifest) => writeFile(join(dir, MANIFEST), serializeManifest(manifest));

  beforeAll(async () => {
    database = await createSeededDatabase("verify");
    dir = await mkdtemp(join(tmpdir(), "backup-verify-"));
    config = loadBackupConfig(backupEnv(database, dir));
    original = await runBackup({
      config,
      logger: silentLogger,
      metrics: createBackupMetrics(),
      now: tickingClock("2024-06-01T00:00:00Z"),
    });
    await copyFile(join(dir, DUMP), join(dir, "pristine.bin"));
  });
  beforeEach(async () => {
    await copyFile(join(dir, "pristine.bin"), join(dir, DUMP));
    await writeManifest(original);
  });
  afterAll(async () => {
    await dropDatabase(database);
    await rm(dir, { recursive: true, force: true });
  });

  it("passes an intact backup and records when", async () => {
    const manifest = await verifyFile({ config, now }, DUMP);
    assert.equal(manifest.verification.verified, true);
    assert.deepEqual(await manifestOnDisk(), manifest);
    assert.deepEqual(await scratchDatabasesOf(database), []);
  });

  it("detects one flipped byte, records it, and stops counting the backup", async () => {
    const bytes = await readFile(join(dir, DUMP));
    const middle = Math.floor(bytes.length / 2);
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0x01, middle);
    await writeFile(join(dir, DUMP), bytes);
    const manifest = await verifyFile({ config, now }, join(dir, DUMP));
    assert.deepEqual(manifest.verification.mismatches, [
      {
        subject: "file",
        field: "sha256",
        expected: original.sha256,
        actual: createHash("sha256").update(bytes).digest("hex"),
      },
    ]);
    assert.equal(manifest.verification.verified, false);
    assert.deepEqual(await manifestOnDisk(), manifest);
    assert.deepEqual(
      (await readInventory(dir, "test")).backups.map((entry) => entry.state),
      ["corrupt"],
    );
  });

  it("detects restored data that differs from the manifest's counts", async () => {
    const items = original.tables.find((table) => table.table === "items")!;
    await writeManifest({
      ...original,
      tables: original.tables.map((t) => (t === items ? { ...t, rows: t.rows + 1 } : t)),
    });
    const manifest = await verifyFile({ config, now }, DUMP);
    assert.deepEqual(manifest.verification.mismatches, [
      { subject: "public.items", field: "rows", expected: String(items.rows + 1), actual: String(items.rows) },
    ]);
    assert.deepEqual(await scratchDatabasesOf(database), []);
  });

  it("keeps a dump pg_restore rejects, unverified, with the restore error, and drops the scratch database", async () => {
    await truncate(join(dir, DUMP), Math.floor(original.size_bytes / 2));
    const bytes = await readFile(join(dir, DUMP));
    await writeManifest({
      ...original,
      size_bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    const manifest = await verifyFile({ config, now }, DUMP);
    assert.equal(manifest.verification.verified, false);
    assert.deepEqual(
      manifest.verification.mismatches.map((m) => [m.subject, m.field, m.expected]),
      [["dump", "restore", "pg_restore exits 0"]],
    );
    assert.match(manifest.verification.mismatches[0]!.actual ?? "", /^pg_restore exited with 1: /);
    assert.deepEqual(
      (await readInventory(dir, "test")).backups.map((entry) => entry.state),
      ["unverified"],
    );
    assert.deepEqual(await scratchDatabasesOf(database), []);
  });

  it("refuses names that are not this stack's dumps, and dumps without a manifest", async () => {
    await assert.rejects(verifyFile({ config, now }, "pristine.bin"), { code: "BACKUP_FILE_INVALID" });
    await assert.rejects(verifyFile({ config, now }, "test_20240601T000001Z.dump"), { code: "BACKUP_FILE_INVALID" });
    await rm(join(dir, MANIFEST));
    await assert.rejects(verifyFile({ config, now }, DUMP), { code: "BACKUP_MANIFEST_MISSING" });
  });
});
