import type { BackupConfig } from "./config.js";
import { connect, disconnect } from "./database.js";
import type { TableStats } from "./manifest.js";
import { collectTableStatsParallel } from "./parallel-stats.js";

export interface DatabaseStats {
  database: string;
  tables: TableStats[];
  /** Commit time of the last transaction replayed by recovery (point-in-time restores); null otherwise. */
  recovered_until: string | null;
  at: string;
}

/**
 * Row counts and checksums of every table as of one snapshot (shared by BACKUP_RESTORE_JOBS
 * connections), for drills and restores to compare with a manifest or a copy.
 */
export async function databaseStats(
  config: BackupConfig,
  database: string,
  signal?: AbortSignal,
): Promise<DatabaseStats> {
  const client = await connect(config.database, database);
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const { rows } = await client.query<{ replayed: Date | null; at: Date; snapshot: string }>(
      "SELECT pg_last_xact_replay_timestamp() AS replayed, now() AS at, pg_export_snapshot() AS snapshot",
    );
    const tables = await collectTableStatsParallel(config.database, database, {
      connections: config.restoreJobs,
      snapshot: rows[0]!.snapshot,
      signal,
    });
    await client.query("ROLLBACK");
    return {
      database,
      tables,
      recovered_until: rows[0]?.replayed?.toISOString() ?? null,
      at: rows[0]!.at.toISOString(),
    };
  } finally {
    await disconnect(client);
  }
}
