import assert from "node:assert/strict";
import { test } from "vitest";
import { DATABASE, DATABASE_ROLES, type RoleKind } from "../../../infra/model/database.js";
import { CommandError, run } from "../../../infra/exec/run.js";
import { eventually, exec, inspect, psqlIn } from "../docker.js";
import type { LiveEnvironment } from "../environment.js";
import { PORTS } from "../../../infra/model/ports.js";

/** Postgres's insufficient_privilege. */
const REFUSED = "42501";

/**
 * What the api's database roles may do, tried live as each role over TCP with its own password, as the
 * api logs in: every forbidden statement must come back refused (42501), and a control statement of
 * each role must succeed, so a refusal for any other reason (a wrong password, a missing table) fails.
 */
const APP_REFUSED: Record<string, string> = {
  "DDL: a table of its own": "CREATE TABLE probe (a int)",
  "DDL: another's table": "ALTER TABLE api_keys ADD COLUMN probe int",
  "DDL: dropping a table": "DROP TABLE batch_jobs",
  "deleting keys (keys are revoked, never deleted)": "DELETE FROM api_keys",
  "emptying the security log": "TRUNCATE security_events",
  "rewriting a security event": "UPDATE security_events SET reason = 'probe'",
  "reading the audit log it only writes": "SELECT count(*) FROM verification_audit",
  "the migrations' own table": "SELECT count(*) FROM schema_migrations",
  "running a program on the server": "COPY (SELECT 1) TO PROGRAM 'id'",
  "reading a server file": "SELECT pg_read_file('postgresql.conf')",
  "reading password hashes": "SELECT rolpassword FROM pg_authid",
  "making a role": "CREATE ROLE probe LOGIN SUPERUSER",
  "making a database": "CREATE DATABASE probe",
};
const BACKUP_REFUSED: Record<string, string> = {
  "writing a table": "INSERT INTO api_keys (id, name, role, salt, hash) VALUES ('p', 'p', 'admin', '', '')",
  "rewriting a table": "UPDATE api_keys SET role = 'admin'",
  "deleting rows": "DELETE FROM security_events",
  "DDL: a table of its own": "CREATE TABLE probe (a int)",
  "DDL: dropping a table": "DROP TABLE batch_jobs",
  "becoming the owner": `SET ROLE ${DATABASE_ROLES.owner.role}`,
  "running a program on the server": "COPY (SELECT 1) TO PROGRAM 'id'",
  // Not refused: pg_authid. pg_read_all_data reads every table, the catalogs' too (README, Known limits).
  "making a role": "CREATE ROLE probe LOGIN SUPERUSER",
};
const OWNER_REFUSED: Record<string, string> = {
  "running a program on the server": "COPY (SELECT 1) TO PROGRAM 'id'",
  "reading password hashes": "SELECT rolpassword FROM pg_authid",
  "making a role": "CREATE ROLE probe LOGIN SUPERUSER",
  "making a database": "CREATE DATABASE probe",
};

/** One statement as `kind`'s role over TCP (scram, its own password); the SQLSTATE it failed with, or "ok". */
async function asRole(e: LiveEnvironment, kind: RoleKind, sql: string): Promise<string> {
  const { role, secret } = DATABASE_ROLES[kind];
  const password = await e.secretValue(secret);
  const argv = ["docker", "exec", "-e", "PGPASSWORD", e.container("postgres")];
  const psql = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", "-h", "127.0.0.1"];
  try {
    await run([...argv, ...psql, "-U", role, "-d", DATABASE.name, "-c", sql], {
      env: { ...process.env, PGPASSWORD: password },
    });
    return "ok";
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    return /ERROR: {2}([0-9A-Z]{5}):/.exec(error.stderrTail)?.[1] ?? `no SQLSTATE in: ${error.stderrTail}`;
  }
}

const READY = `fetch("http://127.0.0.1:${PORTS.apiHttp}/health/ready").then((r) => process.exit(r.ok ? 0 : 1))`;

export function databaseRolesSuite(env: () => LiveEnvironment): void {
  test("the api logs in as the app role and holds neither the superuser's password nor its role", async () => {
    const e = env();
    for (const svc of e.model.services.filter((s) => s.role === "api")) {
      const name = e.container(svc.name);
      const secrets = (await exec(name, ["ls", "/run/secrets"])).trim().split("\n").sort();
      assert.ok(!secrets.includes("db_password"), `${e.rendering}: ${name} mounts ${secrets.join(", ")}`);
      const vars = (await inspect(name)).Config.Env;
      assert.ok(vars.includes(`DATABASE_USER=${DATABASE_ROLES.app.role}`), `${e.rendering}: ${name}: ${vars}`);
      // Readiness queries the database, so the pool holds a session (idle for 30 s) to look at below.
      await exec(name, ["node", "-e", READY]);
    }
    const sessions = await psqlIn(
      e.container("postgres"),
      "SELECT DISTINCT usename FROM pg_stat_activity WHERE application_name = 'verifier-api'",
    );
    assert.equal(sessions.trim(), DATABASE_ROLES.app.role, `${e.rendering}: who the api's pool logs in as`);
  });

  test("as the app role: what the api does works, every other statement is refused", async () => {
    const e = env();
    assert.equal(await asRole(e, "app", "SELECT count(*) FROM api_keys"), "ok", `${e.rendering}: control`);
    assert.equal(
      await asRole(
        e,
        "app",
        "BEGIN; INSERT INTO batch_jobs (id, key_id, status, item_count) VALUES (gen_random_uuid(), 'probe', 'running', 1); ROLLBACK",
      ),
      "ok",
    );
    for (const [what, sql] of Object.entries(APP_REFUSED)) {
      assert.equal(await asRole(e, "app", sql), REFUSED, `${e.rendering}: the app role, ${what}: ${sql}`);
    }
  });

  test("the backup job logs in as the backup role: it reads every table and writes none", async () => {
    const e = env();
    const backup = e.container("backup");
    const secrets = (await exec(backup, ["ls", "/run/secrets"])).trim().split("\n");
    assert.deepEqual(secrets, [DATABASE_ROLES.backup.secret], `${e.rendering}: what ${backup} mounts`);
    assert.equal(await asRole(e, "backup", "SELECT count(*) FROM verification_audit"), "ok", `${e.rendering}`);
    for (const [what, sql] of Object.entries(BACKUP_REFUSED)) {
      assert.equal(await asRole(e, "backup", sql), REFUSED, `${e.rendering}: the backup role, ${what}: ${sql}`);
    }
  });

  test("as the owner role: the schema may change, the server may not be reached beyond it", async () => {
    const e = env();
    assert.equal(await asRole(e, "owner", "BEGIN; CREATE TABLE probe (a int); ROLLBACK"), "ok", `${e.rendering}`);
    for (const [what, sql] of Object.entries(OWNER_REFUSED)) {
      assert.equal(await asRole(e, "owner", sql), REFUSED, `${e.rendering}: the owner role, ${what}: ${sql}`);
    }
  });

  test("a table the superuser made (a volume from before the roles) belongs to the owner after a restart", async () => {
    const e = env();
    const pg = e.container("postgres");
    const ownerOf = async () =>
      (await psqlIn(pg, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'legacy_probe'")).trim();
    await psqlIn(pg, "DROP TABLE IF EXISTS legacy_probe; CREATE TABLE legacy_probe (id bigserial PRIMARY KEY)");
    try {
      assert.equal(await ownerOf(), DATABASE.user, "made by the superuser");
      await run(["docker", "restart", pg], { timeoutMs: 60_000 });
      const health = await eventually(
        async () => (await inspect(pg)).State.Health?.Status,
        (s) => s === "healthy",
        60_000,
      );
      assert.equal(health, "healthy", `${e.rendering}: postgres back after its restart`);
      assert.equal(await ownerOf(), DATABASE_ROLES.owner.role, `${e.rendering}: the table's owner after the restart`);
      const owners = await psqlIn(
        pg,
        `SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' UNION SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()`,
      );
      assert.equal(owners.trim(), DATABASE_ROLES.owner.role, `${e.rendering}: every object and the database`);
    } finally {
      await psqlIn(pg, "DROP TABLE IF EXISTS legacy_probe");
    }
  });
}
