import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { loadBackupConfig } from "./config.js";
import { BackupError } from "./errors.js";

const base = {
  BACKUP_STACK: "prod",
  BACKUP_DIR: "/backups",
  DATABASE_HOST: "postgres",
  DATABASE_NAME: "verifier",
  DATABASE_USER: "verifier",
};
const noFiles = (path: string): string => {
  throw Object.assign(new Error(`no ${path}`), { code: "ENOENT" });
};

function problemsOf(env: Record<string, string>, readFile = noFiles): string {
  try {
    loadBackupConfig(env, readFile);
  } catch (error) {
    assert.ok(error instanceof BackupError);
    assert.equal(error.code, "BACKUP_CONFIG_INVALID");
    return error.message;
  }
  assert.fail("expected a config error");
}

describe("loadBackupConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadBackupConfig(base, noFiles);
    assert.deepEqual(
      { ...config, database: { ...config.database } },
      {
        stack: "prod",
        dir: "/backups",
        schedule: "0 3 * * *",
        retain: 14,
        metricsHost: "0.0.0.0",
        metricsPort: 9466,
        logLevel: "info",
        database: { host: "postgres", port: 5432, name: "verifier", user: "verifier", password: undefined },
        restoreRole: undefined,
        baseBackups: false,
        restoreJobs: 2,
        observeSeconds: 60,
        tools: { pgDump: "pg_dump", pgRestore: "pg_restore", pgBaseBackup: "pg_basebackup" },
      },
    );
  });

  it("reads DATABASE_RESTORE_ROLE, the role restores make their database as, and refuses an empty one", () => {
    assert.equal(
      loadBackupConfig({ ...base, DATABASE_RESTORE_ROLE: "verifier_owner" }, noFiles).restoreRole,
      "verifier_owner",
    );
    assert.equal(
      problemsOf({ ...base, DATABASE_RESTORE_ROLE: "" }),
      'invalid environment: DATABASE_RESTORE_ROLE: received ""; allowed: a database role the DATABASE_USER may SET ROLE to (optional)',
    );
  });

  it("binds metrics to METRICS_HOST when set, and refuses an empty one naming it", () => {
    assert.equal(loadBackupConfig({ ...base, METRICS_HOST: "backup-metrics" }, noFiles).metricsHost, "backup-metrics");
    assert.equal(
      problemsOf({ ...base, METRICS_HOST: "" }),
      'invalid environment: METRICS_HOST: received ""; allowed: a host name or IP address of this container (default 0.0.0.0)',
    );
  });

  it("reads the base-backup switch as a boolean and refuses anything but true or false", () => {
    assert.equal(loadBackupConfig({ ...base, BACKUP_BASE_BACKUPS: "true" }, noFiles).baseBackups, true);
    assert.equal(
      problemsOf({ ...base, BACKUP_BASE_BACKUPS: "yes" }),
      'invalid environment: BACKUP_BASE_BACKUPS: received "yes"; allowed: true or false (default false)',
    );
  });

  it("reads BACKUP_OBSERVE_SECONDS, and refuses one out of range naming it", () => {
    assert.equal(loadBackupConfig({ ...base, BACKUP_OBSERVE_SECONDS: "5" }, noFiles).observeSeconds, 5);
    assert.equal(
      problemsOf({ ...base, BACKUP_OBSERVE_SECONDS: "3601" }),
      'invalid environment: BACKUP_OBSERVE_SECONDS: received "3601"; allowed: an integer from 1 to 3600 (default 60)',
    );
  });

  it("reads the password from DATABASE_PASSWORD_FILE and keeps it out of JSON", () => {
    const config = loadBackupConfig({ ...base, DATABASE_PASSWORD_FILE: "/run/secrets/db" }, () => "s3cret-value\n");
    assert.equal(config.database.password?.reveal(), "s3cret-value");
    assert.doesNotMatch(JSON.stringify(config), /s3cret/);
  });

  it("lists every problem at once, naming each variable and what it allows", () => {
    const message = problemsOf({
      BACKUP_STACK: ".hidden",
      BACKUP_DIR: "backups",
      BACKUP_SCHEDULE: "0 3 * *",
      BACKUP_RETAIN: "0",
      DATABASE_PORT: "x",
    });
    assert.equal(
      message,
      "invalid environment: " +
        [
          'BACKUP_STACK: received ".hidden"; allowed: 1-100 characters of A-Z a-z 0-9 . _ -, not starting with . _ - (required)',
          'BACKUP_DIR: received "backups" (not an absolute path); allowed: an absolute directory path (required)',
          'BACKUP_SCHEDULE: received "0 3 * *" (5 space-separated fields, found 4); allowed: a 5-field cron expression in UTC (default 0 3 * * *)',
          'BACKUP_RETAIN: received "0"; allowed: an integer from 1 to 1000 (default 14)',
          "DATABASE_HOST: received missing; allowed: a host name or IP address (required)",
          'DATABASE_PORT: received "x"; allowed: an integer from 1 to 65535 (default 5432)',
          "DATABASE_NAME: received missing; allowed: a database name (required)",
          "DATABASE_USER: received missing; allowed: a database role with CREATEDB, needed to test-restore each dump (required)",
        ].join("; "),
    );
  });

  it("rejects a cron expression with an out-of-range field, saying which", () => {
    assert.match(
      problemsOf({ ...base, BACKUP_SCHEDULE: "61 3 * * *" }),
      /BACKUP_SCHEDULE: received "61 3 \* \* \*" \(Constraint error, got value 61 expected range 0-59\)/,
    );
  });

  it("refuses both password sources, and an unreadable file, without showing a value", () => {
    assert.equal(
      problemsOf({ ...base, DATABASE_PASSWORD: "p4ss", DATABASE_PASSWORD_FILE: "/run/secrets/db" }),
      'invalid environment: DATABASE_PASSWORD_FILE: received "/run/secrets/db"; allowed: only one of DATABASE_PASSWORD and DATABASE_PASSWORD_FILE',
    );
    assert.equal(
      problemsOf({ ...base, DATABASE_PASSWORD_FILE: "/run/secrets/db" }),
      'invalid environment: DATABASE_PASSWORD_FILE: received "/run/secrets/db"; allowed: a readable file holding the password (read failed: ENOENT)',
    );
  });

  it("reports an empty password by presence only", () => {
    assert.equal(
      problemsOf({ ...base, DATABASE_PASSWORD_FILE: "/run/secrets/db" }, () => "\n"),
      "invalid environment: DATABASE_PASSWORD: received a hidden value; allowed: a non-empty password in DATABASE_PASSWORD or a file named by DATABASE_PASSWORD_FILE (optional)",
    );
  });
});
