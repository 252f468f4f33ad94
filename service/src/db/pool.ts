import pg from "pg";
import type { Logger } from "pino";
import type { Config } from "../config.js";

/** Pool size per API process; two colours x 10 stays far below Postgres' default 100. */
const MAX_CLIENTS = 10;
/** Bounds one connection attempt, so boot waits and readiness never hang on a silent host. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Idle clients are closed after this, and reopened on demand. */
const IDLE_TIMEOUT_MS = 30_000;

/**
 * The Postgres pool. pg reconnects on demand after an outage; the 'error' listener is what
 * keeps an idle client dying with the server (restart, failover) from crashing the process.
 */
export function createPool(database: Config["database"], logger: Logger): pg.Pool {
  return poolAs(database, { user: database.user, password: database.password }, MAX_CLIENTS, "verifier-api", logger);
}

/**
 * One connection as the migration role (the schema's owner), for the migrations alone: the caller
 * ends it once they ran, so the serving pool never holds a connection that may change the schema.
 */
export function createMigrationPool(database: Config["database"], logger: Logger): pg.Pool {
  return poolAs(database, database.migration, 1, "verifier-api-migrate", logger);
}

function poolAs(
  database: Config["database"],
  login: Config["database"]["migration"],
  max: number,
  applicationName: string,
  logger: Logger,
): pg.Pool {
  const pool = new pg.Pool({
    host: database.host,
    port: database.port,
    database: database.name,
    user: login.user,
    // A function keeps the plain value out of pool.options, which libraries may log.
    password: () => login.password.reveal(),
    max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    application_name: applicationName,
  });
  pool.on("error", (error) => logger.warn({ err: error }, "idle postgres client failed; the pool will replace it"));
  return pool;
}
