import { randomBytes } from "node:crypto";
import { DATABASE } from "../../../infra/model/database.js";
import { PGDATA } from "../../../infra/model/services/postgres.js";
import { SERVICE_UIDS } from "../../../infra/model/users.js";
import { JOB_MAIN, containerOf, jobEnv, throwawayArgv, type Mount } from "../job.js";

/** Timings and names of a drill, one table. */
export const DRILL_DEFAULTS = {
  /** How long recovery (WAL replay included) may take before the server must accept writes, ms. */
  recoveryTimeoutMs: 15 * 60_000,
  /** How long the api may take to answer ready through the proxy after it starts, ms. */
  readyTimeoutMs: 180_000,
  /** Interval between two looks at the server or the proxy, ms: finer than Docker's 5 s health interval. */
  pollMs: 100,
  /** The database a logical restore goes into before it takes the configured name. */
  restoredDatabase: "verifier_restored",
} as const;

/**
 * drill-<UTC second>-<4 hex>, lowercase: a valid instance name (at most 31 characters), one per run. The
 * random suffix keeps two drills started in the same second on one host (a Compose drill and a Pulumi
 * drill, or two release engineers) from sharing a project, volumes or a stack file.
 */
export function drillInstance(at: Date, suffix: string = randomBytes(2).toString("hex")): string {
  if (!/^[0-9a-f]{4}$/.test(suffix))
    throw new Error(`drillInstance: suffix ${JSON.stringify(suffix)} is not 4 lowercase hex digits`);
  const second = at
    .toISOString()
    .replace(/\.\d{3}Z$/, "z")
    .replace(/[-:]/g, "")
    .toLowerCase();
  return `drill-${second}-${suffix}`;
}

/**
 * The drills stack started with the source's own images (so the drill proves what runs, not what
 * would be built now), on a free port, with one api replica, the sandbox only if the source has one,
 * and a postgres that may use every core (`cores`) for the restore: the drill is alone on its server.
 */
export function drillOverrides(
  images: Record<string, string>,
  httpsPort: number,
  cores: number,
): Record<string, unknown> {
  return {
    images: { source: "registry", ...images },
    httpsPort,
    apiReplicas: 1,
    sandbox: { enabled: images.sandbox !== undefined },
    limits: { postgres: DRILL_POSTGRES_LIMITS(cores) },
  };
}

/**
 * The drill's postgres: every core, and room for the restore's index builds plus the page cache of
 * what it writes (a memory limit counts dirty pages too: too tight, and writeback throttles the load).
 */
export const DRILL_POSTGRES_LIMITS = (cores: number) => ({ cpus: cores, memoryMiB: 2048 });

/**
 * Server settings for the restore into the drill's throwaway postgres only: no fsync, no waiting
 * for commits, no full-page images, no checkpoint or autovacuum mid-load, more memory for index
 * builds. A crash meanwhile loses nothing that matters (the drill fails and is torn down); the
 * defaults come back, then a CHECKPOINT and a sync of the data directory, before the drill calls
 * the server ready (DURABLE_SQL, durableArgv).
 */
export const RESTORE_SETTINGS: Readonly<Record<string, string>> = {
  fsync: "off",
  synchronous_commit: "off",
  full_page_writes: "off",
  autovacuum: "off",
  maintenance_work_mem: "256MB",
  max_wal_size: "4GB",
  checkpoint_timeout: "1h",
};

/** psql script (one statement a line: ALTER SYSTEM runs outside a transaction) that applies RESTORE_SETTINGS. */
export const TUNE_SQL = `${Object.entries(RESTORE_SETTINGS)
  .map(([k, v]) => `ALTER SYSTEM SET ${k} = '${v}';`)
  .join("\n")}\nSELECT pg_reload_conf();\n`;

/** Every restore setting back to the server's default, then a checkpoint with fsync on again. */
export const DURABLE_SQL = `${Object.keys(RESTORE_SETTINGS)
  .map((k) => `ALTER SYSTEM RESET ${k};`)
  .join("\n")}\nSELECT pg_reload_conf();\n`;

/** What a session started after the reload sees: "on" once the server runs with fsync again. */
export const FSYNC_SQL = "SHOW fsync";
export const CHECKPOINT_SQL = "CHECKPOINT";

/**
 * Files written while fsync was off may hold dirty pages a checkpoint does not know about (their
 * flush requests were dropped): syncfs of the data directory's file system puts them on disk.
 */
export function durableArgv(project: string): string[] {
  return ["docker", "exec", containerOf(project, "postgres"), "sync", "-f", PGDATA];
}

export interface DrillNames {
  project: string;
  /** The source's backup volume (or host path): only ever mounted read-only. */
  sourceBackups: string;
  /** Parallel pg_restore jobs and check connections: the cores the drill's postgres may use. */
  jobs: number;
}

const ro = (source: string, target: string): Mount => ({ source, target, readOnly: true });

/**
 * The backup job in a throwaway: reads the source volume read-only; with `network`, reaches the drill's
 * postgres as its superuser, the password on stdin (the caller writes it: superuserPasswordArgv).
 */
export function jobArgv(n: DrillNames, image: string, fileStack: string, args: string[], network?: string): string[] {
  const mounts = [ro(n.sourceBackups, "/backups")];
  const env = {
    ...jobEnv(fileStack, { host: "postgres", withPassword: network !== undefined }),
    BACKUP_RESTORE_JOBS: String(n.jobs),
  };
  const user = `${SERVICE_UIDS.backup}:${SERVICE_UIDS.backup}`;
  return throwawayArgv({ image, network: network ?? "none", user, mounts, env, stdin: network !== undefined }, [
    "node",
    JOB_MAIN,
    ...args,
  ]);
}

/** A file of the source volume, printed (the dump's manifest, kept beside the report). */
export function catArgv(n: DrillNames, image: string, file: string): string[] {
  const user = `${SERVICE_UIDS.backup}:${SERVICE_UIDS.backup}`;
  return throwawayArgv(
    { image, network: "none", user, mounts: [ro(n.sourceBackups, "/backups")], env: {}, entrypoint: "cat" },
    [`/backups/${file}`],
  );
}

/** restore-base in a throwaway postgres container: base backup and WAL from the source (read-only) into the drill's fresh data volume. */
export function restoreBaseArgv(
  n: DrillNames,
  image: string,
  base: string,
  sha256: string,
  segments: string[],
): string[] {
  const mounts = [
    ro(n.sourceBackups, "/backups"),
    { source: `${n.project}-pgdata`, target: "/var/lib/postgresql/data", readOnly: false },
  ];
  const user = `${SERVICE_UIDS.postgres}:${SERVICE_UIDS.postgres}`;
  return throwawayArgv(
    { image, network: "none", user, mounts, env: { PGDATA }, entrypoint: "/usr/local/bin/restore-base" },
    [base, sha256, "", ...segments],
  );
}

/** psql over the server's own socket (local trust), inside the drill's postgres container. */
export function psqlArgv(project: string, sql?: string): string[] {
  return psqlInArgv(containerOf(project, "postgres"), sql);
}

/** psql over the socket of the server in `container` (any of ours: a drill's, a live one, a recovery throwaway). */
export function psqlInArgv(container: string, sql?: string): string[] {
  const base = [
    "docker",
    "exec",
    "-i",
    container,
    "psql",
    "-X",
    "-q",
    "-At",
    "-v",
    "ON_ERROR_STOP=1",
    "-U",
    DATABASE.user,
    "-d",
    "postgres",
  ];
  return sql === undefined ? base : [...base, "-c", sql];
}

/**
 * A recovered cluster keeps the source's passwords and has not been through the entrypoint's roles step:
 * the same script (infra/images/files/postgres-roles) sets the superuser's password, and the api's roles
 * with their rights when the container names them, from the secret files inside `container` (the drill's
 * postgres, or a point-in-time recovery's throwaway); through psql on the socket, in one transaction,
 * failing when the script does. No password crosses a command line.
 */
export function rolesInArgv(container: string): string[] {
  const script =
    'sql=$(/usr/local/bin/postgres-roles "$POSTGRES_DB") && printf \'%s\\n\' "$sql" | ' +
    `psql -X -q -1 -v ON_ERROR_STOP=1 -U ${DATABASE.user} -d "$POSTGRES_DB"`;
  return ["docker", "exec", container, "sh", "-c", script];
}

/** The labels the Compose rendering gives every volume, so `compose up` adopts one the drill made first without a warning. */
export function volumeCreateArgv(project: string, volume: string, stack: string): string[] {
  return [
    "docker",
    "volume",
    "create",
    "--label",
    `verifier.stack=${stack}`,
    "--label",
    `verifier.project=${project}`,
    `${project}-${volume}`,
  ];
}
