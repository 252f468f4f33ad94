import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import pg from "pg";
import { createLogger } from "../../logger.js";
import { scratchMarker } from "../scratch.js";

/** The host Postgres the tests use: trust authentication, superuser postgres. */
export const PG = { host: "127.0.0.1", port: 5432, user: "postgres", maintenanceDb: "test" };

export const silentLogger = createLogger({ level: "silent" });

export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
  database: string,
  text: string,
  values?: unknown[],
): Promise<T[]> {
  const client = new pg.Client({ host: PG.host, port: PG.port, user: PG.user, database });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const SEED = `
CREATE TABLE items (id int PRIMARY KEY, name text, t int, price numeric(10,2), seen timestamptz, ratio float8, raw bytea, doc jsonb);
INSERT INTO items SELECT g, 'item ' || g, g * 2, g / 3.0, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour',
  g / 7.0, decode(md5(g::text), 'hex'), jsonb_build_object('n', g) FROM generate_series(1, 250) g;
CREATE SCHEMA "audit.v2";
CREATE TABLE "audit.v2"."events.log" (id bigserial PRIMARY KEY, at timestamptz DEFAULT now(), what text);
INSERT INTO "audit.v2"."events.log" (what) VALUES ('created'), (NULL), ('a|b');
CREATE TABLE empty_table (a int);
CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL);
INSERT INTO schema_migrations VALUES (1, 'init'), (2, 'items'), (7, 'audit');
`;

/** A fresh database with a few tables of varied types; the caller drops it. */
export async function createSeededDatabase(label: string): Promise<string> {
  const name = `bk_${label}_${randomBytes(4).toString("hex")}`;
  await sql(PG.maintenanceDb, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await sql(name, SEED);
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await sql(PG.maintenanceDb, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
}

/** Scratch databases made while verifying backups of `source` that still exist. */
export async function scratchDatabasesOf(source: string): Promise<string[]> {
  const rows = await sql<{ datname: string }>(
    PG.maintenanceDb,
    "SELECT datname FROM pg_database d WHERE shobj_description(d.oid, 'pg_database') = $1",
    [scratchMarker(source)],
  );
  return rows.map((row) => row.datname);
}

/** The environment the job gets in production, pointed at the test database and directory. */
export function backupEnv(database: string, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    BACKUP_STACK: "test",
    BACKUP_DIR: dir,
    DATABASE_HOST: PG.host,
    DATABASE_PORT: String(PG.port),
    DATABASE_NAME: database,
    DATABASE_USER: PG.user,
    ...extra,
  };
}

/** A clock that starts at `startIso` and moves one second per reading, so backup names never collide. */
export function tickingClock(startIso: string): () => Date {
  let next = Date.parse(startIso);
  return () => {
    const now = new Date(next);
    next += 1000;
    return now;
  };
}

/** A port nothing listens on: bound once by the OS, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
