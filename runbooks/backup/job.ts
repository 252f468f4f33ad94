import { run } from "../../infra/exec/run.js";
import { DATABASE, DATABASE_ROLES } from "../../infra/model/database.js";
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

/** The backup job of a Docker stack: its backup container, through `docker exec`. */
export function dockerBackupJob(site: { project: string; backup: string }, env?: NodeJS.ProcessEnv): BackupJob {
  return {
    project: site.project,
    describe: (args) => jobExec(site.backup, args).join(" "),
    ask: (args, timeoutMs) => run(jobExec(site.backup, args), { timeoutMs, ...(env ? { env } : {}) }),
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
}

/** In the shared backups group, with a small /tmp; the hardening is the model's (infra/model/oneOff.ts). */
export function throwawayArgv(t: Throwaway, command: string[]): string[] {
  return oneOffArgv(
    { ...t, groups: [BACKUP_GID], tmpfs: ["/tmp:size=64m"], limits: { memoryMiB: 512, pids: 128 } },
    command,
  );
}

/** The job's environment in a throwaway: files are named by the source stack; the password comes from a mounted file. */
export function jobEnv(fileStack: string, database: { host: string; withPassword: boolean }): Record<string, string> {
  return {
    BACKUP_STACK: fileStack,
    BACKUP_DIR: "/backups",
    DATABASE_HOST: database.host,
    DATABASE_NAME: DATABASE.name,
    DATABASE_USER: DATABASE.user,
    ...(database.withPassword ? { DATABASE_PASSWORD_FILE: "/run/secrets/db_password" } : {}),
    DATABASE_RESTORE_ROLE: DATABASE_ROLES.owner.role,
    LOG_LEVEL: "warn",
  };
}
