import { readFileSync } from "node:fs";
import { isAbsolute } from "node:path";
import { z } from "zod";
import { Secret } from "../config.js";
import { BackupError } from "./errors.js";
import { STACK_PATTERN } from "./naming.js";
import { cronProblem } from "./schedule.js";

const int = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback)
    .describe(`an integer from ${min} to ${max} (default ${fallback})`);
const text = (allowed: string) => z.string().min(1).describe(allowed);

/** The backup job's environment, one entry a variable; defaults and units are in `describe`. */
const backupEnv = z.object({
  /** Prefix of every file name, so stacks sharing a volume never touch each other's backups. */
  BACKUP_STACK: z
    .string()
    .regex(STACK_PATTERN)
    .describe("1-100 characters of A-Z a-z 0-9 . _ -, not starting with . _ - (required)"),
  BACKUP_DIR: z.string().refine(isAbsolute, "not an absolute path").describe("an absolute directory path (required)"),
  BACKUP_SCHEDULE: z
    .string()
    .default("0 3 * * *")
    .refine((value) => cronProblem(value) === undefined, { error: (issue) => cronProblem(String(issue.input)) })
    .describe("a 5-field cron expression in UTC (default 0 3 * * *)"),
  /** How many verified backups to keep; the newest verified one is kept whatever this says. */
  BACKUP_RETAIN: int(1, 1000, 14),
  METRICS_PORT: int(1, 65535, 9466),
  /** Interface the metrics listener binds; on Docker this container's alias on the metrics network. */
  METRICS_HOST: z
    .string()
    .min(1)
    .default("0.0.0.0")
    .describe("a host name or IP address of this container (default 0.0.0.0)"),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info")
    .describe("fatal|error|warn|info|debug|trace|silent (default info)"),
  DATABASE_HOST: text("a host name or IP address (required)"),
  DATABASE_PORT: int(1, 65535, 5432),
  DATABASE_NAME: text("a database name (required)"),
  DATABASE_USER: text("a database role with CREATEDB, needed to test-restore each dump (required)"),
  /** Optional: trust or peer authentication needs none. */
  DATABASE_PASSWORD: z
    .string()
    .min(1)
    .transform((value) => new Secret(value))
    .optional()
    .describe("a non-empty password in DATABASE_PASSWORD or a file named by DATABASE_PASSWORD_FILE (optional)"),
  /**
   * The role a restore or a copy makes its database and objects as (`CREATE DATABASE ... OWNER`,
   * `pg_restore --role`): the schema's owner, so the database a switch puts live is one its migrations
   * may change. The connecting role must be a member of it (the superuser the runbooks use is). Unset:
   * the connecting role owns them, as test-restores' scratch databases always are.
   */
  DATABASE_RESTORE_ROLE: text("a database role the DATABASE_USER may SET ROLE to (optional)")
    .optional()
    // Described again: optional() drops the description the error lines read.
    .describe("a database role the DATABASE_USER may SET ROLE to (optional)"),
  /** With WAL archiving on, each run also takes a physical base backup under BACKUP_DIR/base. */
  BACKUP_BASE_BACKUPS: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true")
    .describe("true or false (default false)"),
  /** How often `observe` re-reads BACKUP_DIR for the disk gauges, in seconds. */
  BACKUP_OBSERVE_SECONDS: int(1, 3600, 60),
  /** Parallel pg_restore jobs of the restore command (test-restores stay single-job). */
  BACKUP_RESTORE_JOBS: int(1, 16, 2),
  PG_DUMP_BIN: text("a pg_dump executable name or path (default pg_dump, found on PATH)").default("pg_dump"),
  PG_RESTORE_BIN: text("a pg_restore executable name or path (default pg_restore, found on PATH)").default(
    "pg_restore",
  ),
  PG_BASEBACKUP_BIN: text("a pg_basebackup executable name or path (default pg_basebackup, found on PATH)").default(
    "pg_basebackup",
  ),
});

const backupConfigSchema = backupEnv.transform((env) => ({
  stack: env.BACKUP_STACK,
  dir: env.BACKUP_DIR,
  schedule: env.BACKUP_SCHEDULE.trim(),
  retain: env.BACKUP_RETAIN,
  metricsHost: env.METRICS_HOST,
  metricsPort: env.METRICS_PORT,
  logLevel: env.LOG_LEVEL,
  database: {
    host: env.DATABASE_HOST,
    port: env.DATABASE_PORT,
    name: env.DATABASE_NAME,
    user: env.DATABASE_USER,
    password: env.DATABASE_PASSWORD,
  },
  restoreRole: env.DATABASE_RESTORE_ROLE,
  baseBackups: env.BACKUP_BASE_BACKUPS,
  restoreJobs: env.BACKUP_RESTORE_JOBS,
  observeSeconds: env.BACKUP_OBSERVE_SECONDS,
  tools: { pgDump: env.PG_DUMP_BIN, pgRestore: env.PG_RESTORE_BIN, pgBaseBackup: env.PG_BASEBACKUP_BIN },
}));

export type BackupConfig = z.output<typeof backupConfigSchema>;
export type DatabaseTarget = BackupConfig["database"];
export type Env = Readonly<Record<string, string | undefined>>;

/** Validates the environment before anything starts; one BackupError lists every problem. */
export function loadBackupConfig(
  env: Env = process.env,
  readFile = (path: string) => readFileSync(path, "utf8"),
): BackupConfig {
  const password = readPassword(env, readFile);
  const result = backupConfigSchema.safeParse({ ...env, ...password.value });
  const problems = [
    ...password.problems,
    ...(result.success ? [] : result.error.issues.map((issue) => describeIssue(issue, env))),
  ];
  if (problems.length > 0)
    throw new BackupError("BACKUP_CONFIG_INVALID", `invalid environment: ${problems.join("; ")}`);
  return (result as { data: BackupConfig }).data;
}

function readPassword(
  env: Env,
  readFile: (path: string) => string,
): { value: Record<string, string>; problems: string[] } {
  const path = env.DATABASE_PASSWORD_FILE;
  if (path === undefined) return { value: {}, problems: [] };
  const fail = (allowed: string) => ({
    value: {},
    problems: [`DATABASE_PASSWORD_FILE: received ${JSON.stringify(path)}; allowed: ${allowed}`],
  });
  if (env.DATABASE_PASSWORD !== undefined) return fail("only one of DATABASE_PASSWORD and DATABASE_PASSWORD_FILE");
  try {
    return { value: { DATABASE_PASSWORD: readFile(path).replace(/\r?\n$/, "") }, problems: [] };
  } catch (error) {
    return fail(
      `a readable file holding the password (read failed: ${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
}

/** `NAME: received ...; allowed: ...`, with the password reported by presence only. */
function describeIssue(issue: z.core.$ZodIssue, env: Env): string {
  const key = String(issue.path[0] ?? "environment");
  const shown =
    key === "DATABASE_PASSWORD" ? "a hidden value" : env[key] === undefined ? "missing" : JSON.stringify(env[key]);
  const allowed = backupEnv.shape[key as keyof typeof backupEnv.shape]?.description ?? issue.message;
  const detail = issue.code === "custom" ? ` (${issue.message})` : "";
  return `${key}: received ${shown}${detail}; allowed: ${allowed}`;
}
