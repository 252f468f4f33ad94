import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { newestSegmentTime, readPhysicalInventory } from "./base-inventory.js";
import { toPhysicalListing } from "./base-listing.js";
import type { BaseManifest } from "./base-manifest.js";
import { createBackupMetrics } from "./metrics.js";

const SEG = ["000000010000000000000002", "000000010000000000000003"];
const archive = Buffer.from("pretend base.tar.gz");

function manifestOf(name: string): BaseManifest {
  return {
    manifest_format: 1,
    kind: "base",
    name,
    stack: "p",
    created_at: "2024-01-01T00:00:00.000Z",
    paired_dump: `${name}.dump`,
    server_version: "17.2",
    start_lsn: "0/2000028",
    start_wal_file: SEG[0]!,
    start_time: "2024-01-01T00:00:01.000Z",
    timeline: 1,
    end_lsn: "0/2000120",
    files: [
      { name: "base.tar.gz", sha256: createHash("sha256").update(archive).digest("hex"), size_bytes: archive.length },
    ],
  };
}

describe("physical inventory: base backups and archived WAL", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "backup-base-"));
    for (const name of ["p_20240101T000000Z", "p_20240102T000000Z", "p_20240103T000000Z"]) {
      await mkdir(join(dir, "base", name), { recursive: true });
      await writeFile(join(dir, "base", name, "base.tar.gz"), name === "p_20240102T000000Z" ? "flipped" : archive);
      if (name !== "p_20240103T000000Z")
        await writeFile(join(dir, "base", name, "manifest.json"), JSON.stringify(manifestOf(name)));
    }
    await mkdir(join(dir, "base", ".p_20240104T000000Z.partial"));
    await mkdir(join(dir, "wal"));
    for (const name of [...SEG, "00000002.history", `.${SEG[1]}.partial`]) await writeFile(join(dir, "wal", name), "x");
    await utimes(join(dir, "wal", SEG[1]!), 1_700_000_000, 1_700_000_000);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("lists base backups newest first with the reason each cannot be used, and every segment", async () => {
    const listing = toPhysicalListing(await readPhysicalInventory(dir, "p", true), await newestSegmentTime(dir));
    assert.deepEqual(
      listing.bases.map((b) => [b.name, b.state, b.reason]),
      [
        ["p_20240103T000000Z", "unusable", "manifest.json is missing"],
        ["p_20240102T000000Z", "unusable", "no longer matches its manifest: base.tar.gz"],
        ["p_20240101T000000Z", "usable", `taken 2024-01-01T00:00:01.000Z, starts at ${SEG[0]}`],
      ],
    );
    assert.equal(listing.bases[2]!.sha256, manifestOf("x").files[0]!.sha256);
    assert.deepEqual(listing.wal, SEG);
    assert.equal(listing.newest_segment_at, "2023-11-14T22:13:20.000Z");
  });

  it("names crashed runs' partial directories as leftovers, and skips hashing unless asked", async () => {
    const inventory = await readPhysicalInventory(dir, "p");
    assert.deepEqual(inventory.leftovers, [".p_20240104T000000Z.partial"]);
    assert.equal(inventory.bases.find((b) => b.name === "p_20240102T000000Z")!.problem, undefined);
  });

  it("exports the newest segment's time as a gauge only when given the archive", async () => {
    const text = await createBackupMetrics(dir).registry.metrics();
    assert.ok(
      text.includes(`\nbackup_wal_last_archived_timestamp_seconds{dir="${join(dir, "wal")}"} 1700000000\n`),
      text,
    );
    assert.doesNotMatch(await createBackupMetrics().registry.metrics(), /backup_wal_last_archived/);
    const empty = await mkdtemp(join(tmpdir(), "backup-nowal-"));
    assert.doesNotMatch(
      await createBackupMetrics(empty).registry.metrics(),
      /^backup_wal_last_archived_timestamp_seconds[{ ]/m,
    );
    await rm(empty, { recursive: true });
  });
});
