import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, it } from "vitest";
import { fileURLToPath, pathToFileURL } from "node:url";
import { findMigrationsDir } from "./directory.js";

describe("findMigrationsDir", () => {
  it("finds service/migrations from the source tree", () => {
    const expected = resolve(fileURLToPath(import.meta.url), "../../../../migrations");
    assert.equal(findMigrationsDir(), expected);
  });

  it("finds /app/migrations from the compiled layout, whatever the cwd", () => {
    const app = mkdtempSync(join(tmpdir(), "image-"));
    mkdirSync(join(app, "migrations"));
    mkdirSync(join(app, "dist/src/db/migrate"), { recursive: true });
    writeFileSync(join(app, "package.json"), "{}");
    const compiled = pathToFileURL(join(app, "dist/src/db/migrate/directory.js")).href;
    assert.equal(findMigrationsDir(compiled), join(app, "migrations"));
  });

  it("fails with a coded error when no package root holds migrations/", () => {
    const bare = mkdtempSync(join(tmpdir(), "bare-"));
    assert.throws(() => findMigrationsDir(pathToFileURL(join(bare, "x.js")).href), {
      code: "MIGRATIONS_DIR_NOT_FOUND",
    });
  });
});
