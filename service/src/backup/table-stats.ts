import pg from "pg";
import { BackupError } from "./errors.js";
import type { TableStats } from "./manifest.js";

/**
 * Ordinary tables (and partitions) outside system schemas, minus tables that belong to an
 * extension: pg_dump leaves those to CREATE EXTENSION, so they are not the dump's data.
 */
export const USER_TABLES_SQL = `SELECT n.nspname AS schema, c.relname AS table
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r'
    AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d
      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`;

/**
 * Row count and an md5 of the table's content. Each row's text is hashed first and the hashes
 * aggregated in byte order: aggregating the rows' full text would hit Postgres' 1 GB value limit
 * on large tables, and byte order (COLLATE "C") does not depend on either database's locale.
 * ROW(t.*) rather than t: a column named t would shadow the whole-row reference.
 */
export function tableStatsSql(schema: string, table: string): string {
  const relation = `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`;
  return `SELECT count(*)::bigint AS rows,
  md5(string_agg(md5(ROW(t.*)::text), '' ORDER BY md5(ROW(t.*)::text) COLLATE "C")) AS checksum
  FROM ${relation} AS t`;
}

interface Queryable {
  query: pg.Client["query"];
}

/**
 * Stats for every user table, in a stable order; run inside the transaction whose view matters.
 * An abort is honoured between tables, so shutdown waits for one table's query at most.
 */
export async function collectTableStats(client: Queryable, signal?: AbortSignal): Promise<TableStats[]> {
  const { rows: tables } = await client.query<{ schema: string; table: string }>(USER_TABLES_SQL);
  const stats: TableStats[] = [];
  for (const { schema, table } of tables) {
    if (signal?.aborted)
      throw new BackupError(
        "BACKUP_ABORTED",
        `stopped before counting ${schema}.${table}: the run was aborted (shutdown)`,
      );
    const { rows } = await client.query<{ rows: string; checksum: string | null }>(tableStatsSql(schema, table));
    stats.push({ schema, table, rows: Number(rows[0]?.rows ?? 0), checksum: rows[0]?.checksum ?? null });
  }
  return stats;
}
