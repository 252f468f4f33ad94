import { DATABASE } from "../../../infra/model/services/api.js";
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
  pollMs: 250,
  /** Parallel pg_restore jobs. */
  restoreJobs: 2,
  /** The database a logical restore goes into before it takes the configured name. */
  restoredDatabase: "verifier_restored",
} as const;

/** drill-<UTC second>, lowercase: a valid instance name (at most 31 characters), one per run. */
export function drillInstance(at: Date): string {
  return `drill-${at.toISOString().replace(/\.\d{3}Z$/, "z").replace(/[-:]/g, "").toLowerCase()}`;
}

/**
 * The drills stack started with the source's own images (so the drill proves what runs, not what
 * would be built now), on a free port, with one api replica and the sandbox only if the source has one.
 */
export function drillOverrides(images: Record<string, string>, httpsPort: number): Record<string, unknown> {
  return { images: { source: "registry", ...images }, httpsPort, apiReplicas: 1, sandbox: { enabled: images.sandbox !== undefined } };
}

export interface DrillNames {
  project: string;
  /** The source's backup volume (or host path): only ever mounted read-only. */
  sourceBackups: string;
  /** The drill's own backup-role secrets directory (its throwaway db password). */
  secretsDir: string;
}

const ro = (source: string, target: string): Mount => ({ source, target, readOnly: true });

/** The backup job in a throwaway: reads the source volume read-only; with `network`, reaches the drill's postgres. */
export function jobArgv(n: DrillNames, image: string, fileStack: string, args: string[], network?: string): string[] {
  const mounts = [ro(n.sourceBackups, "/backups"), ...(network ? [ro(n.secretsDir, "/run/secrets")] : [])];
  const env = { ...jobEnv(fileStack, { host: "postgres", withPassword: network !== undefined }), BACKUP_RESTORE_JOBS: String(DRILL_DEFAULTS.restoreJobs) };
  const user = `${SERVICE_UIDS.backup}:${SERVICE_UIDS.backup}`;
  return throwawayArgv({ image, network: network ?? "none", user, mounts, env }, ["node", JOB_MAIN, ...args]);
}

/** A file of the source volume, printed (the dump's manifest, kept beside the report). */
export function catArgv(n: DrillNames, image: string, file: string): string[] {
  const user = `${SERVICE_UIDS.backup}:${SERVICE_UIDS.backup}`;
  return throwawayArgv({ image, network: "none", user, mounts: [ro(n.sourceBackups, "/backups")], env: {}, entrypoint: "cat" }, [`/backups/${file}`]);
}

/** restore-base in a throwaway postgres container: base backup and WAL from the source (read-only) into the drill's fresh data volume. */
export function restoreBaseArgv(n: DrillNames, image: string, base: string, sha256: string, segments: string[]): string[] {
  const mounts = [ro(n.sourceBackups, "/backups"), { source: `${n.project}-pgdata`, target: "/var/lib/postgresql/data", readOnly: false }];
  const user = `${SERVICE_UIDS.postgres}:${SERVICE_UIDS.postgres}`;
  return throwawayArgv({ image, network: "none", user, mounts, env: { PGDATA }, entrypoint: "/usr/local/bin/restore-base" }, [base, sha256, "", ...segments]);
}

/** psql over the server's own socket (local trust), inside the drill's postgres container. */
export function psqlArgv(project: string, sql?: string): string[] {
  const base = ["docker", "exec", "-i", containerOf(project, "postgres"), "psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-U", DATABASE.user, "-d", "postgres"];
  return sql === undefined ? base : [...base, "-c", sql];
}

/**
 * A recovered cluster keeps the source's password; the drill's services use the drill's throwaway
 * one. psql reads it from the secret file inside the container, so it never crosses a command line.
 */
export const RESET_PASSWORD_SQL = `\\set pw \`cat /run/secrets/db_password\`\nALTER ROLE ${DATABASE.user} PASSWORD :'pw';\n`;

/** The labels the Compose rendering gives every volume, so `compose up` adopts one the drill made first without a warning. */
export function volumeCreateArgv(project: string, volume: string, stack: string): string[] {
  return ["docker", "volume", "create", "--label", `verifier.stack=${stack}`, "--label", `verifier.project=${project}`, `${project}-${volume}`];
}
