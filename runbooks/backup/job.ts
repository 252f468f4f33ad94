import { run } from "../../infra/exec/run.js";
import { DATABASE, DATABASE_ROLES, secretFile } from "../../infra/model/database.js";
import { oneOffArgv, type OneOffMount } from "../../infra/model/oneOff.js";
import { BACKUP_GID } from "../../infra/model/services/postgres.js";
import type { BackupJob } from "../targets/target.js";

/**
 * The backup job's CLI as plain argv (Kamal style): runbooks run it in the stack's backup container
 * (`docker exec`), or, when the source may be gone (drills), in a throwaway container of the same
 * image with the backup volume mounted read-only. Tests compare these argv exactly.
 */
export const JOB_MAIN = "/app/dist/src/backup/main.js";

export const containerOf = (project: string, service: string): string => `${project}-${service}`;

/** `node main.js <args>` in a running backup container (the target's BackupSite names it). */
export function jobExec(container: string, args: string[]): string[] {
  return ["docker", "exec", container, "node", JOB_MAIN, ...args];
}

/**
 * The job's commands that make a database beside the live one as its owner, or put one live: the job's
 * own role (the backup role) may not, so they log in as the superuser, the operator's, for that one run.
 */
const OPERATOR_COMMANDS: ReadonlySet<string> = new Set(["restore", "copy", "switch"]);
export const needsOperator = (args: string[]): boolean => OPERATOR_COMMANDS.has(args[0] ?? "");

/** Where the stack's servers keep the superuser's password (the postgres container mounts it). */
export const SUPERUSER_SECRET = secretFile("db_password");

/**
 * `node main.js <args>` in a running backup container as the superuser. The password goes in on stdin
 * (DATABASE_PASSWORD_FILE=/dev/stdin): never an argument (ps), a variable of the container or a file in it.
 */
export function operatorExec(container: string, args: string[]): string[] {
  const login = ["--env", `DATABASE_USER=${DATABASE.user}`, "--env", "DATABASE_PASSWORD_FILE=/dev/stdin"];
  return ["docker", "exec", "-i", ...login, container, "node", JOB_MAIN, ...args];
}

/** The superuser's password where the server in `postgres` (a container) holds it: whoever may run docker may read it. */
export const superuserPasswordArgv = (postgres: string): string[] => [
  "docker",
  "exec",
  postgres,
  "cat",
  SUPERUSER_SECRET,
];

/** The backup job of a Docker stack: its backup container, through `docker exec`; operator commands as above. */
export function dockerBackupJob(
  site: { project: string; backup: string; postgres: string },
  env?: NodeJS.ProcessEnv,
): BackupJob {
  const opts = env ? { env } : {};
  return {
    project: site.project,
    describe: (args) => (needsOperator(args) ? operatorExec : jobExec)(site.backup, args).join(" "),
    async ask(args, timeoutMs) {
      if (!needsOperator(args)) return run(jobExec(site.backup, args), { timeoutMs, ...opts });
      const password = await run(superuserPasswordArgv(site.postgres), { timeoutMs: 30_000, ...opts });
      return run(operatorExec(site.backup, args), { timeoutMs, input: password, ...opts });
    },
  };
}

export type Mount = OneOffMount;

/** A one-off container of the backup job's or Postgres's image, removed when it exits. */
export interface Throwaway {
  image: string;
  /** "none", or one network to join. */
  network: string;
  /** uid:gid. */
  user: string;
  mounts: Mount[];
  env: Record<string, string>;
  entrypoint?: string;
  stdin?: boolean;
}

/** In the shared backups group, with a small /tmp; the hardening is the model's (infra/model/oneOff.ts). */
export function throwawayArgv(t: Throwaway, command: string[]): string[] {
  return oneOffArgv(
    { ...t, groups: [BACKUP_GID], tmpfs: ["/tmp:size=64m"], limits: { memoryMiB: 512, pids: 128 } },
    command,
  );
}

/**
 * The job's environment in a throwaway: files are named by the source stack; with `withPassword` it logs
 * in as the superuser with the password on stdin (the caller writes it there), as operatorExec does.
 */
export function jobEnv(fileStack: string, database: { host: string; withPassword: boolean }): Record<string, string> {
  return {
    BACKUP_STACK: fileStack,
    BACKUP_DIR: "/backups",
    DATABASE_HOST: database.host,
    DATABASE_NAME: DATABASE.name,
    DATABASE_USER: DATABASE.user,
    ...(database.withPassword ? { DATABASE_PASSWORD_FILE: "/dev/stdin" } : {}),
    DATABASE_RESTORE_ROLE: DATABASE_ROLES.owner.role,
    LOG_LEVEL: "warn",
  };
}
