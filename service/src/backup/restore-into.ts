import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import pg from "pg";
import { runTool } from "./child-process.js";
import { compareFile, compareTables } from "./compare.js";
import type { BackupConfig } from "./config.js";
import { connect, disconnect } from "./database.js";
import { BackupError, fileError } from "./errors.js";
import { fileDigest } from "./file-digest.js";
import type { Mismatch, TableStats } from "./manifest.js";
import { classifyFileName } from "./naming.js";
import { pgRestoreCommand } from "./pg-commands.js";
import { collectTableStatsParallel } from "./parallel-stats.js";
import { loadManifest } from "./verify-file.js";

/** The maintenance database restores connect to, so they work when the live one is gone. */
export const MAINTENANCE_DATABASE = "postgres";

export interface RestoreResult {
  file: string;
  database: string;
  verified: boolean;
  mismatches: Mismatch[];
  tables: TableStats[];
  /** The dump's own time: the newest transaction a restore of it can hold. */
  created_at: string;
}

/**
 * Restores a dump (any stack's, found by name in BACKUP_DIR or by path) into a database that must
 * not exist yet, then compares every table with the manifest. The file is checked against its
 * manifest first, so a corrupt dump never touches the server; a restore that fails or does not
 * match is dropped again. The live database is never written.
 */
export async function restoreInto(
  config: BackupConfig,
  fileArg: string,
  database: string,
  signal?: AbortSignal,
): Promise<RestoreResult> {
  const path = locateAnyStack(config, fileArg);
  const manifest = await loadManifest(dirname(path), basename(path));
  const actual = await fileDigest(path).catch((error) => {
    throw fileError(error, "reading", path);
  });
  const changed = compareFile(manifest, actual);
  const base = { file: manifest.file, database, created_at: manifest.created_at };
  if (changed.length > 0) return { ...base, verified: false, mismatches: changed, tables: [] };
  await createFresh(config, database, manifest.file);
  try {
    const { pgRestore } = config.tools;
    await runTool(
      pgRestoreCommand(pgRestore, config.database, database, path, config.restoreJobs, config.restoreRole),
      {
        failureCode: "BACKUP_RESTORE_FAILED",
        signal,
      },
    );
    const tables = await statsOf(config, database, signal);
    const mismatches = compareTables(manifest.tables, tables);
    if (mismatches.length > 0) await dropDatabase(config, database);
    return { ...base, verified: mismatches.length === 0, mismatches, tables };
  } catch (error) {
    throw await withLeftover(config, database, error);
  }
}

/**
 * A failed restore's error once its half-restored database is dropped. When the drop fails too (the
 * server went away mid-restore), the error says the database is still there and how to remove it,
 * under the restore's own code: nothing is left behind unsaid.
 */
export async function withLeftover(config: BackupConfig, database: string, error: unknown): Promise<unknown> {
  const dropFailure = await dropDatabase(config, database).then(
    () => undefined,
    (e: Error) => e,
  );
  if (dropFailure === undefined) return error;
  const code = error instanceof BackupError ? error.code : "BACKUP_RESTORE_FAILED";
  const what = error instanceof Error ? error.message : String(error);
  return new BackupError(
    code,
    `${what}; the half-restored database ${database} is still there (dropping it failed: ${dropFailure.message}): ` +
      `drop it with DROP DATABASE ${pg.escapeIdentifier(database)} once the server answers`,
    { cause: error },
  );
}

/** Like locate, for a dump of any stack: drills and restores read copies named by their source. */
export function locateAnyStack(config: BackupConfig, fileArg: string): string {
  const path = fileArg.includes("/") ? (isAbsolute(fileArg) ? fileArg : resolve(fileArg)) : join(config.dir, fileArg);
  const stack = /^(.+)_\d{8}T\d{6}Z\.dump$/.exec(basename(path))?.[1];
  if (stack !== undefined && classifyFileName(basename(path), stack).kind === "dump") return path;
  throw new BackupError(
    "BACKUP_FILE_INVALID",
    `received ${JSON.stringify(fileArg)}; allowed: a dump named <stack>_<YYYYMMDDTHHMMSSZ>.dump`,
  );
}

/**
 * The cluster's default locale (template0 without overrides), as the live database was created; `label`
 * goes in its comment. Owned by DATABASE_RESTORE_ROLE when one is set (config.ts says why).
 */
export async function createFresh(config: BackupConfig, database: string, file: string): Promise<void> {
  const session = await connect(config.database, MAINTENANCE_DATABASE);
  try {
    await session
      .query(`CREATE DATABASE ${pg.escapeIdentifier(database)} TEMPLATE template0${ownerClause(config.restoreRole)}`)
      .catch((error: Error & { code?: string }) => {
        const why =
          error.code === "42P04" ? "it already exists; restores only go into a fresh database" : error.message;
        throw new BackupError("BACKUP_RESTORE_FAILED", `creating database ${database} failed: ${why}`, {
          cause: error,
        });
      });
    await session.query(
      `COMMENT ON DATABASE ${pg.escapeIdentifier(database)} IS ${pg.escapeLiteral(`verifier-backup restore of ${file}`)}`,
    );
  } finally {
    await disconnect(session);
  }
}

const ownerClause = (role: string | undefined): string =>
  role === undefined ? "" : ` OWNER ${pg.escapeIdentifier(role)}`;

/** The check's connections: as many as the restore's jobs (the server's cores the restore may use). */
function statsOf(config: BackupConfig, database: string, signal: AbortSignal | undefined): Promise<TableStats[]> {
  return collectTableStatsParallel(config.database, database, { connections: config.restoreJobs, signal });
}

export async function dropDatabase(config: BackupConfig, database: string): Promise<void> {
  const session = await connect(config.database, MAINTENANCE_DATABASE);
  try {
    await session.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await disconnect(session);
  }
}
