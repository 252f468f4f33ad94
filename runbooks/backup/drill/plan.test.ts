import { test } from "vitest";
import assert from "node:assert/strict";
import { jobExec } from "../job.js";
import {
  DURABLE_SQL,
  RESTORE_SETTINGS,
  TUNE_SQL,
  catArgv,
  drillInstance,
  drillOverrides,
  durableArgv,
  jobArgv,
  psqlArgv,
  restoreBaseArgv,
  rolesInArgv,
  volumeCreateArgv,
} from "./plan.js";

const names = {
  project: "verifier-drill-x",
  sourceBackups: "verifier-src-backups",
  jobs: 2,
};
const hardened = [
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
];

test("a drill is named by its UTC second and a random suffix, as a valid instance name", () => {
  assert.equal(drillInstance(new Date("2026-11-22T06:35:17.021Z"), "0a9f"), "drill-20261122t063517z-0a9f");
  const same = new Date("2026-11-22T06:35:17.000Z");
  const names = new Set(Array.from({ length: 16 }, () => drillInstance(same)));
  assert.ok(names.size > 1, "two drills started in the same second get different names");
  for (const name of names) assert.match(name, /^[a-z0-9][a-z0-9-]{0,30}$/);
  assert.throws(() => drillInstance(same, "XYZ"), /suffix "XYZ" is not 4 lowercase hex digits/);
});

test("the drills stack runs the source's images, on the given port, one api replica, a sandbox only if the source has one, postgres on every core", () => {
  assert.deepEqual(drillOverrides({ api: "verifier/api:1", backup: "verifier/backup:2" }, 40123, 4), {
    images: { source: "registry", api: "verifier/api:1", backup: "verifier/backup:2" },
    httpsPort: 40123,
    apiReplicas: 1,
    sandbox: { enabled: false },
    limits: { postgres: { cpus: 4, memoryMiB: 2048 } },
  });
  assert.deepEqual(drillOverrides({ sandbox: "verifier/sandbox:3" }, 1, 2).sandbox, { enabled: true });
});

test("the restore's settings apply to the drill's postgres alone, and are all reset before it counts as ready", () => {
  assert.equal(
    TUNE_SQL,
    [
      "ALTER SYSTEM SET fsync = 'off';",
      "ALTER SYSTEM SET synchronous_commit = 'off';",
      "ALTER SYSTEM SET full_page_writes = 'off';",
      "ALTER SYSTEM SET autovacuum = 'off';",
      "ALTER SYSTEM SET maintenance_work_mem = '256MB';",
      "ALTER SYSTEM SET max_wal_size = '4GB';",
      "ALTER SYSTEM SET checkpoint_timeout = '1h';",
      "SELECT pg_reload_conf();",
      "",
    ].join("\n"),
  );
  assert.equal(
    DURABLE_SQL,
    [...Object.keys(RESTORE_SETTINGS).map((k) => `ALTER SYSTEM RESET ${k};`), "SELECT pg_reload_conf();", ""].join(
      "\n",
    ),
  );
  assert.deepEqual(Object.keys(RESTORE_SETTINGS), [
    "fsync",
    "synchronous_commit",
    "full_page_writes",
    "autovacuum",
    "maintenance_work_mem",
    "max_wal_size",
    "checkpoint_timeout",
  ]);
  assert.deepEqual(durableArgv("verifier-drill-x"), [
    "docker",
    "exec",
    "verifier-drill-x-postgres",
    "sync",
    "-f",
    "/var/lib/postgresql/data/pgdata",
  ]);
});

test("the job runs in the stack's backup container, or in a throwaway reading the source volume read-only", () => {
  assert.deepEqual(jobExec("verifier-x-backup", ["list"]), [
    "docker",
    "exec",
    "verifier-x-backup",
    "node",
    "/app/dist/src/backup/main.js",
    "list",
  ]);
  assert.deepEqual(jobArgv(names, "verifier/backup:2", "local", ["list"]), [
    "docker",
    "run",
    "--rm",
    "--network",
    "none",
    "--user",
    "10007:10007",
    "--group-add",
    "10100",
    ...hardened,
    "--mount",
    "type=volume,source=verifier-src-backups,target=/backups,readonly",
    "--env",
    "BACKUP_STACK=local",
    "--env",
    "BACKUP_DIR=/backups",
    "--env",
    "DATABASE_HOST=postgres",
    "--env",
    "DATABASE_NAME=verifier",
    "--env",
    "DATABASE_USER=verifier",
    "--env",
    "DATABASE_RESTORE_ROLE=verifier_owner",
    "--env",
    "LOG_LEVEL=warn",
    "--env",
    "BACKUP_RESTORE_JOBS=2",
    "verifier/backup:2",
    "node",
    "/app/dist/src/backup/main.js",
    "list",
  ]);
  const onDrill = jobArgv(
    names,
    "verifier/backup:2",
    "local",
    ["restore", "a.dump", "verifier_restored"],
    "verifier-drill-x-backend",
  );
  // The superuser's password on stdin (-i), mounted nowhere.
  assert.deepEqual(onDrill.slice(2, 6), ["--rm", "-i", "--network", "verifier-drill-x-backend"]);
  assert.ok(!onDrill.some((a) => a.includes("/run/secrets")));
  assert.ok(onDrill.includes("DATABASE_USER=verifier") && onDrill.includes("DATABASE_PASSWORD_FILE=/dev/stdin"));
});

test("restore-base runs as postgres with the source read-only and the drill's fresh data volume writable", () => {
  assert.deepEqual(
    restoreBaseArgv(names, "verifier/postgres:3", "local_20240101T000000Z", "ab".repeat(32), [
      "000000010000000000000002",
    ]),
    [
      "docker",
      "run",
      "--rm",
      "--network",
      "none",
      "--user",
      "10003:10003",
      "--group-add",
      "10100",
      ...hardened,
      "--mount",
      "type=volume,source=verifier-src-backups,target=/backups,readonly",
      "--mount",
      "type=volume,source=verifier-drill-x-pgdata,target=/var/lib/postgresql/data",
      "--env",
      "PGDATA=/var/lib/postgresql/data/pgdata",
      "--entrypoint",
      "/usr/local/bin/restore-base",
      "verifier/postgres:3",
      "local_20240101T000000Z",
      "ab".repeat(32),
      "",
      "000000010000000000000002",
    ],
  );
  assert.deepEqual(catArgv(names, "b", "x.manifest.json").slice(-4), [
    "--entrypoint",
    "cat",
    "b",
    "/backups/x.manifest.json",
  ]);
});

test("the password reset reads the secret inside the container: no secret on any command line", () => {
  assert.deepEqual(psqlArgv("verifier-drill-x"), [
    "docker",
    "exec",
    "-i",
    "verifier-drill-x-postgres",
    "psql",
    "-X",
    "-q",
    "-At",
    "-v",
    "ON_ERROR_STOP=1",
    "-U",
    "verifier",
    "-d",
    "postgres",
  ]);
  assert.deepEqual(rolesInArgv("verifier-drill-x-postgres"), [
    "docker",
    "exec",
    "verifier-drill-x-postgres",
    "sh",
    "-c",
    `sql=$(/usr/local/bin/postgres-roles "$POSTGRES_DB") && printf '%s\\n' "$sql" | psql -X -q -1 -v ON_ERROR_STOP=1 -U verifier -d "$POSTGRES_DB"`,
  ]);
  assert.deepEqual(volumeCreateArgv("verifier-drill-x", "pgdata", "drills"), [
    "docker",
    "volume",
    "create",
    "--label",
    "verifier.stack=drills",
    "--label",
    "verifier.project=verifier-drill-x",
    "verifier-drill-x-pgdata",
  ]);
});
