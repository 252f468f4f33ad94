import pg from "pg";
import type { DatabaseTarget } from "./config.js";
import { connect, disconnect } from "./database.js";
import { BackupError } from "./errors.js";
import type { TableStats } from "./manifest.js";
import { md5OfSortedHex } from "./sorted-digests.js";
import { USER_TABLES_SQL } from "./table-stats.js";

export interface ParallelStatsOptions {
  /** Connections reading at once (each one server backend). */
  connections: number;
  /** A snapshot the caller exported: every connection reads as of it. Default: one of ours, exported by the first connection. */
  snapshot?: string;
  /** Heap pages one query reads (8 KiB each); default 2048 (16 MiB). */
  chunkPages?: number;
  signal?: AbortSignal;
}

/** One query's share of a table: a range of heap pages, the last one open-ended (rows added since the size was read). */
export interface Chunk {
  table: number;
  fromPage: number;
  toPage: number | null;
}

const DEFAULT_CHUNK_PAGES = 2048;
/** TID range scans (PostgreSQL 14) make a page range cheap; before them every chunk would scan the whole table. */
const TID_RANGE_SCAN_VERSION = 140_000;

/**
 * The same row counts and checksums as `tableStatsSql` (md5 of the rows' md5s in byte order), with
 * the work spread: each table is cut into page ranges, several connections hash the rows of one
 * range at a time (all in one snapshot), and the digests are sorted and hashed here, not in a
 * server-side ORDER BY. The server's cost is the per-row hashing, shared by its cores.
 */
export async function collectTableStatsParallel(
  target: DatabaseTarget,
  database: string,
  opts: ParallelStatsOptions,
): Promise<TableStats[]> {
  const clients: pg.Client[] = [];
  try {
    for (let i = 0; i < Math.max(1, opts.connections); i += 1) clients.push(await connect(target, database));
    await shareSnapshot(clients, opts.snapshot);
    const first = clients[0]!;
    const { rows: tables } = await first.query<{ schema: string; table: string }>(USER_TABLES_SQL);
    const chunks = await planChunks(first, tables, opts.chunkPages ?? DEFAULT_CHUNK_PAGES);
    const found = tables.map(() => ({ rows: 0, digests: [] as Buffer[] }));
    const queue = [...chunks];
    await Promise.all(
      clients.map(async (client) => {
        for (let chunk = queue.shift(); chunk !== undefined; chunk = queue.shift()) {
          if (opts.signal?.aborted)
            throw new BackupError("BACKUP_ABORTED", "stopped while counting rows: the run was aborted (shutdown)");
          const t = tables[chunk.table]!;
          const { rows } = await client.query<{ rows: string; hex: string | null }>(chunkSql(t.schema, t.table, chunk));
          found[chunk.table]!.rows += Number(rows[0]?.rows ?? 0);
          if (rows[0]?.hex) found[chunk.table]!.digests.push(Buffer.from(rows[0].hex, "hex"));
        }
      }),
    );
    return tables.map((t, i) => ({
      schema: t.schema,
      table: t.table,
      rows: found[i]!.rows,
      checksum: md5OfSortedHex(Buffer.concat(found[i]!.digests)),
    }));
  } finally {
    await Promise.all(clients.map((c) => disconnect(c)));
  }
}

/** Every connection in a read-only repeatable-read transaction on one snapshot. */
async function shareSnapshot(clients: pg.Client[], given: string | undefined): Promise<void> {
  const begin = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
  let snapshot = given;
  if (snapshot === undefined) {
    await clients[0]!.query(begin);
    snapshot = (await clients[0]!.query<{ id: string }>("SELECT pg_export_snapshot() AS id")).rows[0]!.id;
  }
  for (const client of given === undefined ? clients.slice(1) : clients) {
    await client.query(begin);
    await client.query(`SET TRANSACTION SNAPSHOT ${pg.escapeLiteral(snapshot)}`);
  }
}

/** Page ranges of every table, from its size now; one open-ended chunk per table on servers without TID range scans. */
export async function planChunks(
  client: pg.Client,
  tables: readonly { schema: string; table: string }[],
  chunkPages: number,
): Promise<Chunk[]> {
  const { rows } = await client.query<{ version: number }>(
    "SELECT current_setting('server_version_num')::int AS version",
  );
  const ranged = (rows[0]?.version ?? 0) >= TID_RANGE_SCAN_VERSION;
  const chunks: Chunk[] = [];
  for (const [index, t] of tables.entries()) {
    const pages = ranged ? await pagesOf(client, t.schema, t.table) : 0;
    chunks.push(...chunksOf(index, pages, chunkPages));
  }
  return chunks;
}

/** Pure: `pages` cut into ranges of `chunkPages`, the last one open-ended. */
export function chunksOf(table: number, pages: number, chunkPages: number): Chunk[] {
  const chunks: Chunk[] = [];
  let from = 0;
  for (; from + chunkPages < pages; from += chunkPages)
    chunks.push({ table, fromPage: from, toPage: from + chunkPages });
  chunks.push({ table, fromPage: from, toPage: null });
  return chunks;
}

async function pagesOf(client: pg.Client, schema: string, table: string): Promise<number> {
  const relation = `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`;
  const { rows } = await client.query<{ pages: string }>(
    `SELECT pg_relation_size(${pg.escapeLiteral(relation)}::regclass) / current_setting('block_size')::bigint AS pages`,
  );
  return Number(rows[0]?.pages ?? 0);
}

/** Count and the rows' md5s, concatenated unsorted (the order is ours to impose), for one page range. */
export function chunkSql(schema: string, table: string, chunk: Chunk): string {
  const relation = `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`;
  const range =
    chunk.fromPage === 0 && chunk.toPage === null
      ? ""
      : ` WHERE t.ctid >= '(${chunk.fromPage},0)'::tid${chunk.toPage === null ? "" : ` AND t.ctid < '(${chunk.toPage},0)'::tid`}`;
  return `SELECT count(*)::bigint AS rows, string_agg(md5(ROW(t.*)::text), '') AS hex FROM ${relation} AS t${range}`;
}
