import { runPipe } from "./child-process.js";
import { compareTables } from "./compare.js";
import type { BackupConfig } from "./config.js";
import { connect, disconnect } from "./database.js";
import type { Mismatch, TableStats } from "./manifest.js";
import { collectTableStatsParallel } from "./parallel-stats.js";
import { pgDumpStreamCommand, pgRestoreStdinCommand } from "./pg-commands.js";
import { createFresh, dropDatabase } from "./restore-into.js";

export interface CopyResult {
  source_host: string;
  database: string;
  verified: boolean;
  mismatches: Mismatch[];
  /** The source's tables, read in the snapshot the copy was dumped from. */
  tables: TableStats[];
  /** The newest transaction the source replayed (its recovery point); null for a server that never recovered. */
  recovered_until: string | null;
}

/**
 * Copies DATABASE_NAME from the server at `host` (a throwaway that recovered a base backup to a
 * point in time) into a new database on the configured server: one exported snapshot is dumped
 * (streamed into pg_restore, never written to disk) and counted, then the copy is counted and every
 * table compared. A failed or mismatching copy is dropped again; the live database is never written.
 */
export async function copyFrom(
  config: BackupConfig,
  host: string,
  database: string,
  signal?: AbortSignal,
): Promise<CopyResult> {
  const source = { ...config.database, host };
  const session = await connect(source);
  try {
    await session.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const { rows } = await session.query<{ snapshot: string; replayed: Date | null }>(
      "SELECT pg_export_snapshot() AS snapshot, pg_last_xact_replay_timestamp() AS replayed",
    );
    const { snapshot, replayed } = rows[0]!;
    await createFresh(config, database, `${host}/${source.name}`);
    try {
      const connections = config.restoreJobs;
      const [tables] = await Promise.all([
        collectTableStatsParallel(source, source.name, { connections, snapshot, signal }),
        runPipe(
          pgDumpStreamCommand(config.tools.pgDump, source, snapshot),
          pgRestoreStdinCommand(config.tools.pgRestore, config.database, database, config.restoreRole),
          { failureCode: "BACKUP_RESTORE_FAILED", signal },
        ),
      ]);
      const copied = await collectTableStatsParallel(config.database, database, { connections, signal });
      const mismatches = compareTables(tables, copied);
      if (mismatches.length > 0) await dropDatabase(config, database);
      return {
        source_host: host,
        database,
        verified: mismatches.length === 0,
        mismatches,
        tables,
        recovered_until: replayed?.toISOString() ?? null,
      };
    } catch (error) {
      await dropDatabase(config, database).catch(() => undefined);
      throw error;
    }
  } finally {
    await disconnect(session);
  }
}
