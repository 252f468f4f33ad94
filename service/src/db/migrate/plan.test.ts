import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { MigrationError } from "./errors.js";
import { parseMigrationName, toMigrationFiles } from "./files.js";
import { planMigrations } from "./plan.js";

const files = toMigrationFiles([
  { fileName: "002_add_keys.sql", sql: "CREATE TABLE keys ();" },
  { fileName: "001_init.sql", sql: "CREATE TABLE app_meta ();" },
]);
const applied = (version: number) => {
  const file = files.find((f) => f.version === version);
  assert.ok(file);
  return { version, name: file.name, sha256: file.sha256 };
};

describe("migration files", () => {
  it("orders by version and hashes the content", () => {
    assert.deepEqual(
      files.map((f) => [f.version, f.name, f.fileName]),
      [
        [1, "init", "001_init.sql"],
        [2, "add_keys", "002_add_keys.sql"],
      ],
    );
    // sha256("CREATE TABLE app_meta ();"), computed independently with sha256sum.
    assert.equal(files[0]?.sha256, "6458713af9614c71f30fa47fda461bce0298ab44305054c4571e7772f7e33546");
  });

  it("refuses names outside NNN_lower_snake.sql, naming the file", () => {
    for (const bad of ["1_init.sql", "001-init.sql", "001_Init.sql", "001_init.SQL"]) {
      assert.throws(
        () => parseMigrationName(bad),
        (error: MigrationError) =>
          error.code === "MIGRATION_NAME_INVALID" && error.message.startsWith(`migration ${bad}: `),
      );
    }
  });

  it("refuses two files with one version", () => {
    assert.throws(
      () =>
        toMigrationFiles([
          { fileName: "003_a.sql", sql: "" },
          { fileName: "003_b.sql", sql: "" },
        ]),
      {
        code: "MIGRATION_DUPLICATE_VERSION",
        message: "migrations 003_a.sql and 003_b.sql share version 3; renumber one",
      },
    );
  });
});

describe("planMigrations", () => {
  it("plans every file on an empty database", () => {
    assert.deepEqual(planMigrations(files, []), { pending: files, unknownApplied: [] });
  });

  it("plans only what is not applied yet", () => {
    assert.deepEqual(planMigrations(files, [applied(1)]), { pending: [files[1]], unknownApplied: [] });
    assert.deepEqual(planMigrations(files, [applied(1), applied(2)]), { pending: [], unknownApplied: [] });
  });

  it("reports, without refusing, versions applied by a newer build", () => {
    const newer = { version: 7, name: "later", sha256: "f".repeat(64) };
    assert.deepEqual(planMigrations(files, [applied(1), applied(2), newer]), { pending: [], unknownApplied: [newer] });
  });

  it("refuses an applied file whose content changed, naming it", () => {
    const edited = { ...applied(2), sha256: "0".repeat(64) };
    assert.throws(
      () => planMigrations(files, [applied(1), edited]),
      (error: MigrationError) =>
        error.code === "MIGRATION_CHANGED" &&
        error.message.startsWith("migration 002_add_keys.sql was changed after it was applied"),
    );
  });
});
