import pg from "pg";
import type { DatabaseTarget } from "./config.js";
import { BackupError } from "./errors.js";

/** Bounds one connection attempt, so a run against a dead server fails instead of hanging. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Settings that fix how values print as text. Checksums are computed from row text in two
 * databases (the source and the scratch copy), and database-level settings may differ.
 */
const STABLE_TEXT_SETTINGS = [
  "TimeZone=UTC",
  "DateStyle=ISO,MDY",
  "IntervalStyle=postgres",
  "extra_float_digits=1",
  "bytea_output=hex",
  "lc_monetary=C",
];

/** One connection to `database` (the configured one unless given) with stable text settings. */
export async function connect(target: DatabaseTarget, database: string = target.name): Promise<pg.Client> {
  const client = new pg.Client({
    host: target.host,
    port: target.port,
    database,
    user: target.user,
    // A function keeps the plain value out of client.connectionParameters, which may be logged.
    password: target.password ? () => target.password!.reveal() : undefined,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: "verifier-backup",
    options: STABLE_TEXT_SETTINGS.map((setting) => `-c ${setting}`).join(" "),
  });
  // A connection dying between queries also fails the next query, which is where it is handled.
  client.on("error", () => undefined);
  await client.connect().catch((error: Error) => {
    throw unreachable(target, database, error);
  });
  return client;
}

/** Closes a client without letting a second failure hide the first. */
export async function disconnect(client: pg.Client): Promise<void> {
  await client.end().catch(() => undefined);
}

function unreachable(target: DatabaseTarget, database: string, error: Error): BackupError {
  const where = `${target.user}@${target.host}:${target.port}/${database}`;
  return new BackupError(
    "BACKUP_DB_UNREACHABLE",
    `cannot connect to postgres as ${where}: ${error.message || (error as NodeJS.ErrnoException).code}; ` +
      "check that the server is up and DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USER and the password are right",
    { cause: error },
  );
}
