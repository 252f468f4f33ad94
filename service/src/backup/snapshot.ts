import type pg from "pg";
import type { TableStats } from "./manifest.js";
import { collectTableStats } from "./table-stats.js";

/** What the manifest records about the source, all read in the dump's own snapshot. */
export interface SourceFacts {
  serverVersion: string;
  schemaVersion: number | null;
  tables: TableStats[];
}

/**
 * Opens the transaction whose snapshot pg_dump will use (--snapshot). It must stay open until
 * pg_dump has finished starting, so the caller ends it only after the dump is done.
 */
export async function beginSnapshot(session: pg.Client): Promise<string> {
  await session.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  const { rows } = await session.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
  return rows[0]!.id;
}

/** Ends the snapshot transaction; it wrote nothing, so a failure here cannot lose data. */
export async function endSnapshot(session: pg.Client): Promise<void> {
  await session.query("ROLLBACK").catch(() => undefined);
}

export async function readSourceFacts(session: pg.Client, signal?: AbortSignal): Promise<SourceFacts> {
  const { rows } = await session.query<{ version: string }>("SELECT current_setting('server_version') AS version");
  const schemaVersion = await readSchemaVersion(session);
  return { serverVersion: rows[0]!.version, schemaVersion, tables: await collectTableStats(session, signal) };
}

/** The migration runner's schema_migrations table (found through search_path), if there is one. */
async function readSchemaVersion(session: pg.Client): Promise<number | null> {
  const { rows } = await session.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (!rows[0]?.present) return null;
  const { rows: versions } = await session.query<{ version: string | null }>(
    "SELECT max(version)::text AS version FROM schema_migrations",
  );
  const version = Number(versions[0]?.version ?? Number.NaN);
  return Number.isSafeInteger(version) ? version : null;
}

/** The source's encoding, which the scratch database must share for the restore to hold the same text. */
export async function readEncoding(session: pg.Client): Promise<string> {
  const { rows } = await session.query<{ encoding: string }>(
    "SELECT pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()",
  );
  return rows[0]!.encoding;
}
