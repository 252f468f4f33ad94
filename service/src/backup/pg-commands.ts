import type { DatabaseTarget } from "./config.js";

/** A program and its arguments as plain data; `env` is added to a minimal environment. */
export interface ToolCommand {
  bin: string;
  args: string[];
  env: Record<string, string>;
}

/** Seconds a client tool waits for a connection before failing, instead of hanging a run. */
const CONNECT_TIMEOUT_SECONDS = 10;
const APPLICATION_NAME = "verifier-backup";

/** The password travels in the child's environment, never on its command line (visible in ps). */
function connectionEnv(target: DatabaseTarget): Record<string, string> {
  const env: Record<string, string> = {
    PGCONNECT_TIMEOUT: String(CONNECT_TIMEOUT_SECONDS),
    PGAPPNAME: APPLICATION_NAME,
  };
  if (target.password) env.PGPASSWORD = target.password.reveal();
  return env;
}

function connectionArgs(target: DatabaseTarget, database: string): string[] {
  return [
    "--no-password",
    "--host",
    target.host,
    "--port",
    String(target.port),
    "--username",
    target.user,
    "--dbname",
    database,
  ];
}

/** Dumps `target` in custom format as seen by an exported snapshot, into `outFile`. */
export function pgDumpCommand(bin: string, target: DatabaseTarget, snapshot: string, outFile: string): ToolCommand {
  return {
    bin,
    args: ["--format=custom", "--snapshot", snapshot, "--file", outFile, ...connectionArgs(target, target.name)],
    env: connectionEnv(target),
  };
}

/** Dumps `target` in custom format to stdout, as seen by an exported snapshot of the same server (a copy's source). */
export function pgDumpStreamCommand(bin: string, target: DatabaseTarget, snapshot: string): ToolCommand {
  return {
    bin,
    args: ["--format=custom", "--snapshot", snapshot, ...connectionArgs(target, target.name)],
    env: connectionEnv(target),
  };
}

/** `--role`: objects are made as that role (it owns them) rather than as the connecting one. */
const roleArgs = (role: string | undefined): string[] => (role === undefined ? [] : [`--role=${role}`]);

/** Restores a custom-format dump read from stdin into `database` (a fresh one), stopping at the first error. */
export function pgRestoreStdinCommand(
  bin: string,
  target: DatabaseTarget,
  database: string,
  role?: string,
): ToolCommand {
  return {
    bin,
    args: ["--no-owner", "--exit-on-error", ...roleArgs(role), ...connectionArgs(target, database)],
    env: connectionEnv(target),
  };
}

/** Restores `dumpFile` into `database` (a fresh one), stopping at the first error; `jobs` > 1 restores in parallel. */
export function pgRestoreCommand(
  bin: string,
  target: DatabaseTarget,
  database: string,
  dumpFile: string,
  jobs = 1,
  role?: string,
): ToolCommand {
  return {
    bin,
    args: [
      "--no-owner",
      "--exit-on-error",
      ...(jobs > 1 ? [`--jobs=${jobs}`] : []),
      ...roleArgs(role),
      ...connectionArgs(target, database),
      dumpFile,
    ],
    env: connectionEnv(target),
  };
}

/**
 * A compressed tar base backup into `outDir`, without WAL (the archive has it: pg_basebackup then
 * waits until the last segment it needs is archived), after a fast checkpoint instead of a spread one.
 */
export function pgBaseBackupCommand(bin: string, target: DatabaseTarget, outDir: string, label: string): ToolCommand {
  const connection = ["--no-password", "--host", target.host, "--port", String(target.port), "--username", target.user];
  return {
    bin,
    args: [
      "--pgdata",
      outDir,
      "--format=tar",
      "--gzip",
      "--wal-method=none",
      "--checkpoint=fast",
      "--label",
      label,
      ...connection,
    ],
    env: connectionEnv(target),
  };
}

/** One member of a gzipped tar, printed to stdout (backup_label inside base.tar.gz). */
export function tarMemberCommand(archive: string, member: string): ToolCommand {
  return { bin: "tar", args: ["--extract", "--gzip", "--to-stdout", "--file", archive, member], env: {} };
}

export function versionCommand(bin: string): ToolCommand {
  return { bin, args: ["--version"], env: {} };
}

/** "pg_dump (PostgreSQL) 17.2 (Debian 17.2-1)" → "17.2"; the whole line when it has no version. */
export function parseToolVersion(output: string): string {
  const line = output.trim().split("\n")[0] ?? "";
  return /\(PostgreSQL\) (\d+(?:\.\d+)*)/.exec(line)?.[1] ?? line;
}
