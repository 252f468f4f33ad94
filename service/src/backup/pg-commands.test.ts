import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { Secret } from "../config.js";
import {
  parseToolVersion,
  pgBaseBackupCommand,
  pgDumpCommand,
  pgDumpStreamCommand,
  pgRestoreCommand,
  pgRestoreStdinCommand,
  tarMemberCommand,
  versionCommand,
} from "./pg-commands.js";

const target = { host: "postgres", port: 5432, name: "verifier", user: "backup", password: new Secret("p4ss-word") };
const connection = ["--no-password", "--host", "postgres", "--port", "5432", "--username", "backup", "--dbname"];

describe("pg tool commands", () => {
  it("dumps in custom format from the exported snapshot, the password only in the environment", () => {
    assert.deepEqual(pgDumpCommand("pg_dump", target, "00000003-0000001B-1", "/backups/.prod_x.dump.partial"), {
      bin: "pg_dump",
      args: [
        "--format=custom",
        "--snapshot",
        "00000003-0000001B-1",
        "--file",
        "/backups/.prod_x.dump.partial",
        ...connection,
        "verifier",
      ],
      env: { PGCONNECT_TIMEOUT: "10", PGAPPNAME: "verifier-backup", PGPASSWORD: "p4ss-word" },
    });
  });

  it("restores into the scratch database without owners, stopping at the first error", () => {
    assert.deepEqual(
      pgRestoreCommand(
        "/usr/lib/postgresql/17/bin/pg_restore",
        { ...target, password: undefined },
        "verify_0a1b2c",
        "/backups/prod_x.dump",
      ),
      {
        bin: "/usr/lib/postgresql/17/bin/pg_restore",
        args: ["--no-owner", "--exit-on-error", ...connection, "verify_0a1b2c", "/backups/prod_x.dump"],
        env: { PGCONNECT_TIMEOUT: "10", PGAPPNAME: "verifier-backup" },
      },
    );
  });

  it("copies through a pipe: the dump of the source's snapshot to stdout, the restore from stdin", () => {
    const source = { ...target, host: "verifier-x-pitr" };
    assert.deepEqual(pgDumpStreamCommand("pg_dump", source, "00000003-0000001B-1").args, [
      "--format=custom",
      "--snapshot",
      "00000003-0000001B-1",
      "--no-password",
      "--host",
      "verifier-x-pitr",
      "--port",
      "5432",
      "--username",
      "backup",
      "--dbname",
      "verifier",
    ]);
    assert.deepEqual(pgRestoreStdinCommand("pg_restore", target, "verifier_restore_x"), {
      bin: "pg_restore",
      args: ["--no-owner", "--exit-on-error", ...connection, "verifier_restore_x"],
      env: { PGCONNECT_TIMEOUT: "10", PGAPPNAME: "verifier-backup", PGPASSWORD: "p4ss-word" },
    });
  });

  it("restores with parallel jobs only when asked for more than one", () => {
    assert.deepEqual(pgRestoreCommand("pg_restore", target, "verifier_restore_x", "/backups/a.dump", 2).args, [
      "--no-owner",
      "--exit-on-error",
      "--jobs=2",
      ...connection,
      "verifier_restore_x",
      "/backups/a.dump",
    ]);
  });

  it("restores as a given role (--role) when one is named, from a file or from stdin", () => {
    assert.deepEqual(pgRestoreCommand("pg_restore", target, "db_x", "/backups/a.dump", 1, "owner").args, [
      "--no-owner",
      "--exit-on-error",
      "--role=owner",
      ...connection,
      "db_x",
      "/backups/a.dump",
    ]);
    assert.deepEqual(pgRestoreStdinCommand("pg_restore", target, "db_x", "owner").args, [
      "--no-owner",
      "--exit-on-error",
      "--role=owner",
      ...connection,
      "db_x",
    ]);
  });

  it("takes a gzipped tar base backup without WAL after a fast checkpoint, the password only in the environment", () => {
    assert.deepEqual(pgBaseBackupCommand("pg_basebackup", target, "/backups/base/.prod_x.partial", "prod_x"), {
      bin: "pg_basebackup",
      args: [
        "--pgdata",
        "/backups/base/.prod_x.partial",
        "--format=tar",
        "--gzip",
        "--wal-method=none",
        "--checkpoint=fast",
        "--label",
        "prod_x",
        "--no-password",
        "--host",
        "postgres",
        "--port",
        "5432",
        "--username",
        "backup",
      ],
      env: { PGCONNECT_TIMEOUT: "10", PGAPPNAME: "verifier-backup", PGPASSWORD: "p4ss-word" },
    });
    assert.deepEqual(tarMemberCommand("/b/base.tar.gz", "backup_label").args, [
      "--extract",
      "--gzip",
      "--to-stdout",
      "--file",
      "/b/base.tar.gz",
      "backup_label",
    ]);
  });

  it("asks a tool for its version", () => {
    assert.deepEqual(versionCommand("pg_dump"), { bin: "pg_dump", args: ["--version"], env: {} });
    assert.equal(parseToolVersion("pg_dump (PostgreSQL) 17.2 (Debian 17.2-1.pgdg130+1)\n"), "17.2");
    assert.equal(parseToolVersion("something else\n"), "something else");
  });
});
