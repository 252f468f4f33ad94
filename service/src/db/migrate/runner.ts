import type pg from "pg";
import type { Logger } from "pino";
import type { Histogram } from "prom-client";
import { timedQuery } from "../timed-query.js";
import { MigrationError } from "./errors.js";
import { readMigrationFiles, type MigrationFile } from "./files.js";
import { planMigrations, type AppliedMigration } from "./plan.js";

/** Fixed pg_advisory_lock key shared by every runner of this service (both colours). */
export const MIGRATION_LOCK_KEY = 7_262_013_001;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  sha256 char(64) NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

export interface MigrateOptions {
  /** Folder of NNN_name.sql files (findMigrationsDir() in production). */
  dir: string;
  logger: Logger;
  histogram: Histogram<"operation">;
}

export interface MigrateResult {
  /** File names applied by this run, in order; empty when the schema was current. */
  applied: string[];
  /** Highest applied version afterwards (0 for an empty schema). */
  schemaVersion: number;
}

/**
 * Applies pending migrations, each in its own transaction, under a session advisory lock so
 * concurrent runners (two colours starting together) apply each file exactly once.
 */
export async function runMigrations(pool: pg.Pool, options: MigrateOptions): Promise<MigrateResult> {
  const files = await readMigrationFiles(options.dir);
  const client = await pool.connect();
  const query = (text: string, values?: unknown[]) => timedQuery(client, options.histogram, "migration", text, values);
  let broken: Error | undefined;
  try {
    await query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      return await migrateLocked(query, files, options.logger);
    } finally {
      await query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}

type Query = (text: string, values?: unknown[]) => Promise<pg.QueryResult>;

async function migrateLocked(query: Query, files: MigrationFile[], logger: Logger): Promise<MigrateResult> {
  await query(CREATE_TABLE);
  const { rows } = await query("SELECT version, name, sha256 FROM schema_migrations ORDER BY version");
  const plan = planMigrations(files, rows as AppliedMigration[]);
  if (plan.unknownApplied.length > 0) {
    logger.warn(
      { versions: plan.unknownApplied.map((row) => row.version) },
      "database has migrations newer than this build",
    );
  }
  for (const file of plan.pending) await applyOne(query, file, logger);
  const versions = [...rows.map((row) => Number(row.version)), ...plan.pending.map((file) => file.version)];
  return { applied: plan.pending.map((file) => file.fileName), schemaVersion: Math.max(0, ...versions) };
}

async function applyOne(query: Query, file: MigrationFile, logger: Logger): Promise<void> {
  await query("BEGIN");
  try {
    await query(file.sql);
    await query("INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)", [
      file.version,
      file.name,
      file.sha256,
    ]);
    await query("COMMIT");
    logger.info({ migration: file.fileName }, "migration applied");
  } catch (error) {
    await query("ROLLBACK");
    throw new MigrationError(
      "MIGRATION_FAILED",
      `migration ${file.fileName} failed and was rolled back: ${(error as Error).message}; fix the file and restart`,
    );
  }
}
