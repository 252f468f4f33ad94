import pg from "pg";
import type { DatabaseTarget } from "./config.js";
import { connect, disconnect } from "./database.js";
import { BackupError } from "./errors.js";

/**
 * Session advisory lock held for a whole run or verify, so a manual run never overlaps the
 * scheduled one. It dies with the connection, so a crashed run never leaves it behind.
 */
export const BACKUP_LOCK_KEY = 7_262_013_002;

/** Connects, checks the role may create databases, takes the lock, runs `work`, and lets go. */
export async function withLockedSession<T>(
  target: DatabaseTarget,
  work: (session: pg.Client) => Promise<T>,
): Promise<T> {
  const session = await connect(target);
  try {
    await requireCreateDb(session, target.user);
    await lock(session);
    return await work(session);
  } catch (error) {
    throw asDatabaseFailure(error);
  } finally {
    await disconnect(session);
  }
}

async function requireCreateDb(session: pg.Client, user: string): Promise<void> {
  const { rows } = await session.query<{ allowed: boolean }>(
    "SELECT rolcreatedb OR rolsuper AS allowed FROM pg_roles WHERE rolname = current_user",
  );
  if (rows[0]?.allowed) return;
  throw new BackupError(
    "BACKUP_NO_CREATEDB",
    `role ${user} may not create databases, and every backup is verified by restoring it into a scratch database; ` +
      `run ALTER ROLE ${user} CREATEDB as a superuser, or set DATABASE_USER to a role that has it`,
  );
}

async function lock(session: pg.Client): Promise<void> {
  const { rows } = await session.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
    BACKUP_LOCK_KEY,
  ]);
  if (rows[0]?.locked) return;
  throw new BackupError(
    "BACKUP_LOCKED",
    "another backup run or verify holds the backup lock on this database; wait for it to finish and try again",
  );
}

/** Server errors and dropped connections mid-run get a code of their own; anything else passes. */
function asDatabaseFailure(error: unknown): unknown {
  if (error instanceof BackupError || !(error instanceof Error)) return error;
  const sqlState = error instanceof pg.DatabaseError ? error.code : undefined;
  if (sqlState === undefined && !/connection|terminat/i.test(error.message)) return error;
  return new BackupError(
    "BACKUP_DB_FAILED",
    `postgres failed during the run: ${error.message}${sqlState ? ` (SQLSTATE ${sqlState})` : ""}; see the server log, then run again`,
    { cause: error },
  );
}
