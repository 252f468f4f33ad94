import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  backupBaseName,
  classifyFileName,
  dumpFileName,
  formatTimestamp,
  groupBackupFiles,
  manifestFileName,
  manifestFor,
  parseTimestamp,
  partialFileName,
  tempFileName,
} from "./naming.js";

const at = new Date("2024-03-09T07:05:04.678Z");

describe("backup file names", () => {
  it("formats UTC timestamps to the second, sortable as text", () => {
    assert.equal(formatTimestamp(at), "20240309T070504Z");
    assert.equal(backupBaseName("prod", at), "prod_20240309T070504Z");
    assert.equal(dumpFileName("prod_20240309T070504Z"), "prod_20240309T070504Z.dump");
    assert.equal(manifestFileName("prod_20240309T070504Z"), "prod_20240309T070504Z.manifest.json");
    assert.equal(partialFileName("prod_20240309T070504Z"), ".prod_20240309T070504Z.dump.partial");
    assert.equal(
      tempFileName("prod_20240309T070504Z.manifest.json", "0a1b2c3d"),
      ".prod_20240309T070504Z.manifest.json.0a1b2c3d.tmp",
    );
  });

  it("parses only real timestamps", () => {
    assert.deepEqual(parseTimestamp("20240309T070504Z"), new Date("2024-03-09T07:05:04Z"));
    assert.equal(parseTimestamp("20240230T000000Z"), undefined);
    assert.equal(parseTimestamp("20240309T250000Z"), undefined);
    assert.equal(parseTimestamp("20240309T070504"), undefined);
  });

  it("finds the manifest of a dump and nothing for other names", () => {
    assert.equal(manifestFor("prod_20240309T070504Z.dump"), "prod_20240309T070504Z.manifest.json");
    assert.equal(manifestFor("prod_20240309T070504Z.sql"), undefined);
  });

  it("classifies directory entries for one stack", () => {
    const createdAt = new Date("2024-03-09T07:05:04Z");
    const base = "prod_20240309T070504Z";
    assert.deepEqual(classifyFileName(`${base}.dump`, "prod"), { kind: "dump", base, createdAt });
    assert.deepEqual(classifyFileName(`${base}.manifest.json`, "prod"), { kind: "manifest", base, createdAt });
    assert.deepEqual(classifyFileName(`.${base}.dump.partial`, "prod"), { kind: "leftover" });
    assert.deepEqual(classifyFileName(`.${base}.manifest.json.0a1b2c3d.tmp`, "prod"), { kind: "leftover" });
  });

  it("leaves other stacks' files, look-alikes and unknown files alone", () => {
    for (const name of [
      "staging_20240309T070504Z.dump",
      ".staging_20240309T070504Z.dump.partial",
      "prod_b_20240309T070504Z.dump",
      "prod_20240230T000000Z.dump",
      "prod_20240309T070504Z.dump.bak",
      ".prod_20240309T070504Z.dump.partial.old",
      ".prod_20240309T070504Z.manifest.json.xyz.tmp",
      "wal",
      "lost+found",
    ]) {
      assert.deepEqual(classifyFileName(name, "prod"), { kind: "other" }, name);
    }
  });

  it("groups a listing by backup, oldest first, with leftovers apart", () => {
    const listing = [
      "prod_20240310T000000Z.manifest.json",
      "prod_20240309T000000Z.dump",
      "prod_20240309T000000Z.manifest.json",
      "prod_20240311T000000Z.dump",
      ".prod_20240312T000000Z.dump.partial",
      "notes.txt",
    ];
    assert.deepEqual(groupBackupFiles(listing, "prod"), {
      backups: [
        {
          base: "prod_20240309T000000Z",
          createdAt: new Date("2024-03-09T00:00:00Z"),
          dumpFile: "prod_20240309T000000Z.dump",
          manifestFile: "prod_20240309T000000Z.manifest.json",
        },
        {
          base: "prod_20240310T000000Z",
          createdAt: new Date("2024-03-10T00:00:00Z"),
          manifestFile: "prod_20240310T000000Z.manifest.json",
        },
        {
          base: "prod_20240311T000000Z",
          createdAt: new Date("2024-03-11T00:00:00Z"),
          dumpFile: "prod_20240311T000000Z.dump",
        },
      ],
      leftovers: [".prod_20240312T000000Z.dump.partial"],
    });
  });
});
