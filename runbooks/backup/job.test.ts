import assert from "node:assert/strict";
import { test } from "vitest";
import { dockerBackupJob, needsOperator, operatorExec } from "./job.js";

test("restores, copies and switches run as the superuser; the job's own commands as its backup role", () => {
  assert.deepEqual(
    ["restore", "copy", "switch", "run", "list", "bases", "verify", "stats", "schedule"].filter((c) =>
      needsOperator([c, "x"]),
    ),
    ["restore", "copy", "switch"],
  );
  assert.equal(needsOperator([]), false);
});

test("an operator command logs in as the superuser with the password on stdin, never in argv or the container", () => {
  assert.deepEqual(operatorExec("verifier-x-backup", ["restore", "a.dump", "verifier_r", "--switch"]), [
    "docker",
    "exec",
    "-i",
    "--env",
    "DATABASE_USER=verifier",
    "--env",
    "DATABASE_PASSWORD_FILE=/dev/stdin",
    "verifier-x-backup",
    "node",
    "/app/dist/src/backup/main.js",
    "restore",
    "a.dump",
    "verifier_r",
    "--switch",
  ]);
  const job = dockerBackupJob({ project: "verifier-x", backup: "verifier-x-backup", postgres: "verifier-x-postgres" });
  assert.equal(job.describe(["list"]), "docker exec verifier-x-backup node /app/dist/src/backup/main.js list");
  assert.equal(
    job.describe(["copy", "h", "d"]),
    "docker exec -i --env DATABASE_USER=verifier --env DATABASE_PASSWORD_FILE=/dev/stdin verifier-x-backup node /app/dist/src/backup/main.js copy h d",
  );
});
