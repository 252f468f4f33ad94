import { test } from "vitest";
import assert from "node:assert/strict";
import { MARK_AND_SWITCH_SQL, archivedSql, recoveryServerArgv, recoveryTargetTime, stageArgv } from "./pitrArgv.js";
import type { PitrPlan } from "./pitrPlan.js";

const live = {
  project: "verifier-p",
  postgresImage: "verifier/postgres:1",
  backups: "verifier-p-backups",
  secrets: "/repo/.local/p/mounts/postgres/secrets",
};
const plan = {
  kind: "pitr",
  toTime: "2024-01-03T12:00:00.250Z",
  base: { name: "p_20240102T000000Z", sha256: "ab".repeat(32), startTime: "2024-01-02T00:00:05.000Z" },
  segments: ["000000010000000000000003", "000000010000000000000004"],
  newestRecoverable: "2024-01-04T00:00:00.000Z",
  database: "verifier_restore_x",
  recovery: { container: "verifier-p-pitr-x", volume: "verifier-p-pitr-x" },
  steps: [],
} as PitrPlan;

test("the target time is spelled as recovery_target_time accepts it, the same instant", () => {
  assert.equal(recoveryTargetTime("2024-01-03T12:00:00.250Z"), "2024-01-03 12:00:00.250+00");
});

test("restore-base stages into the fresh volume as postgres, the archive read-only, with the target time", () => {
  assert.deepEqual(stageArgv(live, plan), [
    "docker",
    "run",
    "--rm",
    "--network",
    "none",
    "--user",
    "10003:10003",
    "--group-add",
    "10100",
    "--read-only",
    "--tmpfs",
    "/tmp:size=64m",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--pids-limit",
    "128",
    "--memory",
    "512m",
    "--mount",
    "type=volume,source=verifier-p-backups,target=/backups,readonly",
    "--mount",
    "type=volume,source=verifier-p-pitr-x,target=/var/lib/postgresql/data",
    "--env",
    "PGDATA=/var/lib/postgresql/data/pgdata",
    "--entrypoint",
    "/usr/local/bin/restore-base",
    "verifier/postgres:1",
    "p_20240102T000000Z",
    "ab".repeat(32),
    "2024-01-03 12:00:00.250+00",
    "000000010000000000000003",
    "000000010000000000000004",
  ]);
});

test("the recovery server: hardened, on the backend network by its own name, the live secrets read-only, no archive mounted", () => {
  const argv = recoveryServerArgv(live, plan);
  assert.deepEqual(argv.slice(0, 8), [
    "docker",
    "run",
    "-d",
    "--name",
    "verifier-p-pitr-x",
    "--network",
    "verifier-p-backend",
    "--user",
  ]);
  assert.ok(argv.includes("type=bind,source=/repo/.local/p/mounts/postgres/secrets,target=/run/secrets,readonly"));
  assert.ok(argv.includes("type=volume,source=verifier-p-pitr-x,target=/var/lib/postgresql/data"));
  assert.ok(
    !argv.some((a) => a.includes("/backups")),
    "the live archive is never mounted into a server that could archive",
  );
  assert.ok(!argv.some((a) => a.includes("archive_mode")));
  assert.deepEqual(argv.slice(-6), [
    "verifier/postgres:1",
    "postgres",
    "-c",
    "listen_addresses=*",
    "-c",
    "password_encryption=scram-sha-256",
  ]);
  for (const flag of ["--read-only", "no-new-privileges", "ALL", "verifier.project=verifier-p"])
    assert.ok(argv.includes(flag), flag);
});

test("the archive reaches now: a commit, then a switch, each its own transaction; the archiver is asked about that segment only", () => {
  assert.deepEqual(MARK_AND_SWITCH_SQL, ["SELECT pg_current_xact_id()", "SELECT pg_walfile_name(pg_switch_wal())"]);
  assert.equal(
    archivedSql("000000010000000000000004'; x"),
    "SELECT coalesce(last_archived_wal >= '000000010000000000000004', false) FROM pg_stat_archiver",
  );
});
