import assert from "node:assert/strict";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { publishNoClobber, removeFiles, writeFileAtomic } from "./durable-files.js";
import { fileError } from "./errors.js";

describe("durable file operations", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "backup-files-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("replaces a file atomically and leaves no temp file", async () => {
    await writeFileAtomic(dir, "a.manifest.json", "one");
    await writeFileAtomic(dir, "a.manifest.json", "two");
    assert.equal(await readFile(join(dir, "a.manifest.json"), "utf8"), "two");
    assert.deepEqual(await readdir(dir), ["a.manifest.json"]);
  });

  it("publishes under the final name, and refuses to replace an existing backup", async () => {
    await writeFile(join(dir, ".b.partial"), "new");
    await publishNoClobber(dir, ".b.partial", "b.dump");
    assert.deepEqual((await readdir(dir)).sort(), ["a.manifest.json", "b.dump"]);
    await writeFile(join(dir, ".b.partial"), "newer");
    await assert.rejects(publishNoClobber(dir, ".b.partial", "b.dump"), { code: "BACKUP_NAME_TAKEN" });
    assert.equal(await readFile(join(dir, "b.dump"), "utf8"), "new");
  });

  it("removes files, a missing one included", async () => {
    await removeFiles(dir, [".b.partial", "b.dump", "never-there"]);
    assert.deepEqual(await readdir(dir), ["a.manifest.json"]);
  });

  it("fails writing into a missing directory with the path and a fix", async () => {
    await assert.rejects(
      writeFileAtomic(join(dir, "missing"), "x.json", "{}"),
      (error: Error & { code?: string }) =>
        error.code === "BACKUP_DIR_UNUSABLE" &&
        error.message.startsWith(`writing ${join(dir, "missing", "x.json")} failed: ENOENT`),
    );
  });
});

describe("fileError", () => {
  it("gives a full disk its own code and says what to do", () => {
    const error = fileError(
      Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }),
      "writing",
      "/backups/x",
    );
    assert.equal(error.code, "BACKUP_DISK_FULL");
    assert.equal(
      error.message,
      "writing /backups/x failed: disk full (ENOSPC: no space left on device, write); free space on the backup volume or lower BACKUP_RETAIN",
    );
  });
});
