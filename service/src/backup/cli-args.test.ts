import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { parseCommand, USAGE } from "./cli-args.js";

describe("parseCommand", () => {
  it("accepts the backup-side subcommands", () => {
    assert.deepEqual(parseCommand(["schedule"]), { name: "schedule" });
    assert.deepEqual(parseCommand(["observe"]), { name: "observe" });
    assert.deepEqual(parseCommand(["run"]), { name: "run" });
    assert.deepEqual(parseCommand(["list"]), { name: "list" });
    assert.deepEqual(parseCommand(["verify", "prod_20240101T000000Z.dump"]), {
      name: "verify",
      file: "prod_20240101T000000Z.dump",
    });
  });

  it("accepts the restore-side commands with lowercase database names", () => {
    assert.deepEqual(parseCommand(["bases"]), { name: "bases" });
    assert.deepEqual(parseCommand(["stats", "verifier"]), { name: "stats", database: "verifier" });
    assert.deepEqual(parseCommand(["restore", "a_20240101T000000Z.dump", "verifier_restore_1"]), {
      name: "restore",
      file: "a_20240101T000000Z.dump",
      database: "verifier_restore_1",
      after: "keep",
    });
    assert.deepEqual(parseCommand(["restore", "a_20240101T000000Z.dump", "verifier_restore_1", "--switch"]), {
      name: "restore",
      file: "a_20240101T000000Z.dump",
      database: "verifier_restore_1",
      after: "switch",
    });
    assert.deepEqual(parseCommand(["restore", "a_20240101T000000Z.dump", "drill_1", "--check"]), {
      name: "restore",
      file: "a_20240101T000000Z.dump",
      database: "drill_1",
      after: "check",
    });
    assert.deepEqual(parseCommand(["copy", "verifier-x-pitr-20240101t000000z", "verifier_restore_2", "--switch"]), {
      name: "copy",
      host: "verifier-x-pitr-20240101t000000z",
      database: "verifier_restore_2",
      after: "switch",
    });
    assert.deepEqual(parseCommand(["copy", "verifier-x-pitr-20240101t000000z", "verifier_restore_2"]), {
      name: "copy",
      host: "verifier-x-pitr-20240101t000000z",
      database: "verifier_restore_2",
      after: "keep",
    });
    assert.deepEqual(parseCommand(["switch", "verifier_restore_1"]), {
      name: "switch",
      database: "verifier_restore_1",
    });
  });

  it("explains --check in the usage text", () => {
    assert.match(USAGE, /^ {2}restore <file> <database> \[--switch \| --check\]$/m);
    assert.match(
      USAGE,
      /with --check, restore into a scratch database, compare, and drop it again \(a drill\); exit 0 only on a match$/m,
    );
  });

  it("refuses anything else, showing what it received", () => {
    const bad = [
      [],
      ["backup"],
      ["run", "now"],
      ["observe", "now"],
      ["verify"],
      ["verify", "a", "b"],
      ["stats"],
      ["restore", "a.dump"],
      ["switch", "Verifier"],
      ["restore", "a.dump", "x;drop"],
      ["restore", "a.dump", "db", "--swtich"],
      ["restore", "a.dump", "db", "--switch", "--check"],
      ["restore", "a.dump", "db", "--check", "--switch"],
      ["restore", "a.dump", "db", "--check", "extra"],
      ["restore", "a.dump", "--check"],
      ["copy", "host", "db", "--check"],
      ["copy", "-h", "db"],
      ["copy", "host;x", "db"],
      ["copy", "host"],
    ];
    for (const argv of bad) {
      assert.throws(
        () => parseCommand(argv),
        (error: Error & { code?: string }) =>
          error.code === "BACKUP_USAGE" &&
          error.message.startsWith(
            `received ${JSON.stringify(argv.join(" "))}; allowed: schedule | observe | run | list | bases | verify <file> | stats <database>`,
          ) &&
          error.message.includes(
            "restore <file> <database> [--switch | --check] | copy <host> <database> [--switch] |",
          ),
      );
    }
  });
});
