import { randomBytes } from "node:crypto";
import pg from "pg";
import { BackupError } from "./errors.js";

/** A fresh name per verification, so a leftover from a crash never collides with the next one. */
export function scratchName(random: string = randomBytes(6).toString("hex")): string {
  return `verify_${random}`;
}

/** The comment that marks a scratch database as ours, and whose source it copied. */
export function scratchMarker(sourceDatabase: string): string {
  return `verifier-backup scratch copy of ${sourceDatabase}`;
}

/**
 * Creates an empty scratch database from template0 (template1 may hold objects the dump would
 * collide with) in the source's encoding; the C locale fits any encoding.
 */
export async function createScratch(
  session: pg.Client,
  name: string,
  encoding: string,
  sourceDatabase: string,
): Promise<void> {
  const ident = pg.escapeIdentifier(name);
  try {
    await session.query(
      `CREATE DATABASE ${ident} TEMPLATE template0 ENCODING ${pg.escapeLiteral(encoding)} LC_COLLATE 'C' LC_CTYPE 'C'`,
    );
  } catch (error) {
    throw createFailed(name, error as Error & { code?: string });
  }
  await session.query(`COMMENT ON DATABASE ${ident} IS ${pg.escapeLiteral(scratchMarker(sourceDatabase))}`);
}

/** WITH (FORCE) also ends a pg_restore that an abort left connected. */
export async function dropScratch(session: pg.Client, name: string): Promise<void> {
  await session.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
}

/**
 * Drops scratch copies of this source that a crashed run left; the caller holds the backup lock. Only
 * those this role may drop: one a run as another role left (the superuser, before the job had a role of
 * its own) is returned in `foreign` for the caller to report, rather than fail every run after it.
 */
export async function dropStaleScratch(
  session: pg.Client,
  sourceDatabase: string,
): Promise<{ dropped: string[]; foreign: string[] }> {
  const { rows } = await session.query<{ name: string; mine: boolean }>(
    `SELECT datname AS name, pg_has_role(current_user, datdba, 'USAGE') AS mine FROM pg_database d
      WHERE datname LIKE 'verify\\_%' AND shobj_description(d.oid, 'pg_database') = $1 ORDER BY datname`,
    [scratchMarker(sourceDatabase)],
  );
  const dropped = rows.filter((row) => row.mine).map((row) => row.name);
  for (const name of dropped) await dropScratch(session, name);
  return { dropped, foreign: rows.filter((row) => !row.mine).map((row) => row.name) };
}

function createFailed(name: string, error: Error & { code?: string }): BackupError {
  if (error.code === "42501") {
    return new BackupError(
      "BACKUP_NO_CREATEDB",
      `creating scratch database ${name} was refused (${error.message}); verification restores every dump into one, ` +
        "so the DATABASE_USER role needs CREATEDB: ALTER ROLE <role> CREATEDB",
    );
  }
  return new BackupError("BACKUP_VERIFY_ERROR", `creating scratch database ${name} failed: ${error.message}`, {
    cause: error,
  });
}
