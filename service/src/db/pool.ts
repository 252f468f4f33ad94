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
  const pool = new pg.Pool({
    host: database.host,
    port: database.port,
    database: database.name,
    user: database.user,
    // A function keeps the plain value out of pool.options, which libraries may log.
    password: () => database.password.reveal(),
    max: MAX_CLIENTS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    application_name: "verifier-api",
  });
  pool.on("error", (error) => logger.warn({ err: error }, "idle postgres client failed; the pool will replace it"));
  return pool;
}
