import { BackupError } from "./errors.js";

/** What a restore does once its copy matches: keep it, make it the live one, or drop it again (a drill). */
export type AfterRestore = "keep" | "switch" | "check";

export type Command =
  | { name: "schedule" }
  | { name: "observe" }
  | { name: "run" }
  | { name: "list" }
  | { name: "bases" }
  | { name: "verify"; file: string }
  | { name: "stats"; database: string }
  | { name: "restore"; file: string; database: string; after: AfterRestore }
  | { name: "copy"; host: string; database: string; after: Exclude<AfterRestore, "check"> }
  | { name: "switch"; database: string };

export const USAGE = [
  "usage: main.js <command>",
  "  schedule                   serve metrics on METRICS_PORT and back up at each BACKUP_SCHEDULE time (long-running)",
  "  observe                    serve the metrics of what BACKUP_DIR holds (read-only), re-read every BACKUP_OBSERVE_SECONDS;",
  "                             for sites where each run is a one-shot Job (Kubernetes)",
  "  run                        take and verify one backup now; exit 0 only on a verified backup",
  "  list                       print every backup in BACKUP_DIR with its state, as JSON",
  "  bases                      print base backups (checked against their manifests) and archived WAL, as JSON",
  "  verify <file>              re-verify one dump (a name in BACKUP_DIR or a path) and record the outcome",
  "  stats <database>           print row counts and checksums of every table, and the recovery point, as JSON",
  "  restore <file> <database> [--switch | --check]",
  "                             restore a dump into a new database and compare it with the manifest; exit 0 only on a match;",
  "                             with --switch, a match then becomes the DATABASE_NAME database (as switch does);",
  "                             with --check, restore into a scratch database, compare, and drop it again (a drill); exit 0 only on a match",
  "  copy <host> <database> [--switch]",
  "                             copy DATABASE_NAME from the server at <host> (a point-in-time recovery) into a new database,",
  "                             compare every table with the source in one snapshot; exit 0 only on a match; --switch as above",
  "  switch <database>          make <database> the DATABASE_NAME database by renaming; the previous one is kept, renamed",
].join("\n");

/** PostgreSQL identifiers the commands create or rename: plain lowercase, so no quoting surprises. */
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const NO_ARGS = new Set(["schedule", "observe", "run", "list", "bases"]);
/** A host name or address the job may connect to (Docker container names included). */
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;
/** The optional last argument of restore and copy; at most one (copy takes no --check). */
const AFTER_FLAGS = new Map<string | undefined, AfterRestore>([
  ["--switch", "switch"],
  ["--check", "check"],
]);

/** The subcommand and its arguments; anything else is a usage error naming what was received. */
export function parseCommand(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  const [first, second] = rest;
  if (name !== undefined && NO_ARGS.has(name) && rest.length === 0) return { name } as Command;
  if (name === "verify" && rest.length === 1 && first) return { name, file: first };
  if (name === "stats" && rest.length === 1 && first && DATABASE_NAME.test(first)) return { name, database: first };
  if (name === "switch" && rest.length === 1 && first && DATABASE_NAME.test(first)) return { name, database: first };
  const after = rest.length === 2 ? "keep" : rest.length === 3 ? AFTER_FLAGS.get(rest[2]) : undefined;
  const intoNew = after !== undefined && first !== undefined && second !== undefined && DATABASE_NAME.test(second);
  if (name === "restore" && intoNew) return { name, file: first, database: second, after };
  if (name === "copy" && intoNew && after !== "check" && HOST_NAME.test(first))
    return { name, host: first, database: second, after };
  throw new BackupError(
    "BACKUP_USAGE",
    `received ${JSON.stringify(argv.join(" "))}; allowed: schedule | observe | run | list | bases | verify <file> | stats <database> | ` +
      "restore <file> <database> [--switch | --check] | copy <host> <database> [--switch] | switch <database>, databases named by a-z 0-9 _ (run with --help for details)",
  );
}
