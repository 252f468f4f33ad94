import { randomBytes } from "node:crypto";
import pg from "pg";
import { APP_ROLE, HOST_POSTGRES } from "./host-services.js";

export interface ThrowawayDatabase {
  name: string;
  /** A pool on the new database (closed by drop()). */
  pool: pg.Pool;
  /** Closes the pool and drops the database, even with other sessions still connected. */
  drop: () => Promise<void>;
}

/** A fresh, uniquely named database on the host server, so parallel test files never collide. */
export async function createThrowawayDatabase(label: string): Promise<ThrowawayDatabase> {
  const name = `svc_${label.replace(/[^a-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
  await withAdmin(async (admin) => {
    await ensureAppRole(admin);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  const pool = toleratingDrop(
    new pg.Pool({
      host: HOST_POSTGRES.host,
      port: HOST_POSTGRES.port,
      user: HOST_POSTGRES.user,
      database: name,
      max: 4,
    }),
  );
  const drop = async () => {
    await pool.end();
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  return { name, pool, drop };
}

/**
 * The api's role, made once on the host server (roles are the server's, not a database's). Files run in
 * parallel may race to make it: the loser's duplicate is what it wanted.
 */
async function ensureAppRole(admin: pg.Client): Promise<void> {
  const { rowCount } = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [APP_ROLE]);
  if (rowCount !== 0) return;
  await admin.query(`CREATE ROLE ${APP_ROLE} LOGIN`).catch((error: Error & { code?: string }) => {
    if (error.code !== DUPLICATE_OBJECT && error.code !== UNIQUE_VIOLATION) throw error;
  });
}

const DUPLICATE_OBJECT = "42710";
const UNIQUE_VIOLATION = "23505";

/** Postgres's "terminating connection due to administrator command" (DROP DATABASE ... WITH (FORCE)). */
const ADMIN_SHUTDOWN = "57P01";

/**
 * pool.end() resolves before the server has closed its sessions, so a DROP ... WITH (FORCE) right
 * after it can still terminate one; the idle client then emits an error that, unheard, crashes the
 * test file after its tests passed. That termination is expected; any other idle-client error is not.
 */
export function toleratingDrop(pool: pg.Pool): pg.Pool {
  pool.on("error", (error: Error & { code?: string }) => {
    if (error.code !== ADMIN_SHUTDOWN) throw error;
  });
  return pool;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const { host, port, user, adminDatabase } = HOST_POSTGRES;
  const client = new pg.Client({ host, port, user, database: adminDatabase });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
