import { pino } from "pino";
import { createLogger, type Logger } from "../logger.js";
import { parseCommand, USAGE, type Command } from "./cli-args.js";
import { loadBackupConfig, type BackupConfig } from "./config.js";
import { BackupError } from "./errors.js";
import { readInventory } from "./inventory.js";
import { toListing } from "./listing.js";
import { createBackupMetrics } from "./metrics.js";
import { observeCommand } from "./observe-command.js";
import { restoreSide } from "./one-shot.js";
import { runBackup } from "./run-backup.js";
import { scheduleCommand } from "./schedule-command.js";
import { verificationFailed } from "./verify.js";
import { verifyFile } from "./verify-file.js";

/** Dumps hold the whole database: readable by the job's user and group only. */
const FILE_MODE_MASK = 0o027;

/** The one top-level handler: every failure becomes one line on stderr and a non-zero exit. */
async function main(argv: string[]): Promise<number> {
  if (argv[0] === "--help" || argv[0] === "-h") {
    print(USAGE);
    return 0;
  }
  const command = parseCommand(argv);
  const config = loadBackupConfig();
  process.umask(FILE_MODE_MASK);
  const controller = new AbortController();
  for (const name of ["SIGTERM", "SIGINT"] as const) process.once(name, () => controller.abort());
  // The long-running commands log to stdout (container logs); one-shot commands keep stdout for results.
  const longRunning = command.name === "schedule" || command.name === "observe";
  const logger = createLogger(
    { level: config.logLevel, base: { job: "backup", stack: config.stack } },
    longRunning ? undefined : pino.destination({ dest: 2, sync: true }),
  );
  await dispatch(command, config, logger, controller.signal);
  return 0;
}

async function dispatch(command: Command, config: BackupConfig, logger: Logger, signal: AbortSignal): Promise<void> {
  const now = () => new Date();
  const walDir = config.baseBackups ? config.dir : undefined;
  if (command.name === "schedule")
    return scheduleCommand({ config, logger, metrics: createBackupMetrics(walDir), now }, signal);
  if (command.name === "observe")
    return observeCommand({ config, logger, metrics: createBackupMetrics(walDir) }, signal);
  if (command.name === "list")
    return print(JSON.stringify(toListing(await readInventory(config.dir, config.stack)), null, 2));
  if (command.name === "verify" || command.name === "run") return runOrVerify(command, config, logger, signal);
  print(JSON.stringify(await restoreSide(command, config, signal)));
}

async function runOrVerify(
  command: Extract<Command, { name: "run" | "verify" }>,
  config: BackupConfig,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  const now = () => new Date();
  const manifest =
    command.name === "run"
      ? await runBackup({ config, logger, metrics: createBackupMetrics(), now }, signal)
      : await verifyFile({ config, now }, command.file, signal);
  print(
    JSON.stringify({
      file: manifest.file,
      sha256: manifest.sha256,
      size_bytes: manifest.size_bytes,
      verification: manifest.verification,
    }),
  );
  if (!manifest.verification.verified) throw verificationFailed(manifest);
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Usage and configuration errors exit 2, everything else 1; stack traces only with LOG_LEVEL=debug. */
function fail(error: unknown): number {
  const code = error instanceof BackupError ? error.code : "BACKUP_INTERNAL";
  const message = (error as Error)?.message ?? String(error);
  process.stderr.write(`backup failed [${code}]: ${message.replace(/\s*\n\s*/g, " ")}\n`);
  if (process.env.LOG_LEVEL === "debug" && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return code === "BACKUP_USAGE" || code === "BACKUP_CONFIG_INVALID" ? 2 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = fail(error);
  },
);
