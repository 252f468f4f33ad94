import pg from "pg";
import type { BackupConfig } from "./config.js";
import { connect, disconnect } from "./database.js";
import { BackupError } from "./errors.js";
import { formatTimestamp } from "./naming.js";
import { MAINTENANCE_DATABASE } from "./restore-into.js";

/** How long ended sessions may take to go away before the rename, ms. */
const TERMINATE_WAIT_MS = 5000;

export interface SwitchResult {
  /** DATABASE_NAME now names the restored database. */
  current: string;
  /** What the previous database is called now (connections off, kept for rollback); null when there was none. */
  previous: string | null;
}

/**
 * Makes `restored` the configured database by renaming, so the api, the backup job and migrations
 * keep their configuration: the live database stops taking connections, its sessions end, and both
 * renames commit in one transaction. The previous database is kept, renamed, never dropped.
 */
export async function switchDatabase(config: BackupConfig, restored: string, now: Date): Promise<SwitchResult> {
  const live = config.database.name;
  if (restored === live)
    throw new BackupError("BACKUP_SWITCH_FAILED", `${restored} is already the configured database (DATABASE_NAME)`);
  const session = await connect(config.database, MAINTENANCE_DATABASE);
  try {
    if (!(await exists(session, restored)))
      throw new BackupError("BACKUP_SWITCH_FAILED", `database ${restored} does not exist; restore into it first`);
    const previous = (await exists(session, live)) ? `${live}_before_${formatTimestamp(now).toLowerCase()}` : null;
    if (previous !== null) await quiesce(session, live);
    await renameBoth(session, live, restored, previous);
    return { current: live, previous };
  } finally {
    await disconnect(session);
  }
}

async function exists(session: pg.Client, name: string): Promise<boolean> {
  return (await session.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
}

/** No new sessions, then every session ended (and waited for), so the rename is not refused. */
async function quiesce(session: pg.Client, live: string): Promise<void> {
  await session.query(`ALTER DATABASE ${pg.escapeIdentifier(live)} ALLOW_CONNECTIONS false`);
  await session.query(
    "SELECT pg_terminate_backend(pid, $2) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    [live, TERMINATE_WAIT_MS],
  );
}

async function renameBoth(session: pg.Client, live: string, restored: string, previous: string | null): Promise<void> {
  const ident = pg.escapeIdentifier;
  try {
    await session.query("BEGIN");
    if (previous !== null) await session.query(`ALTER DATABASE ${ident(live)} RENAME TO ${ident(previous)}`);
    await session.query(`ALTER DATABASE ${ident(restored)} RENAME TO ${ident(live)}`);
    await session.query("COMMIT");
  } catch (error) {
    await session.query("ROLLBACK").catch(() => undefined);
    if (previous !== null)
      await session.query(`ALTER DATABASE ${ident(live)} ALLOW_CONNECTIONS true`).catch(() => undefined);
    throw new BackupError(
      "BACKUP_SWITCH_FAILED",
      `renaming ${restored} to ${live} failed, nothing was switched: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
