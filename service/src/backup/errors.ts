/** Every way a backup command can fail, so the CLI and the metrics never parse messages. */
export type BackupErrorCode =
  | "BACKUP_CONFIG_INVALID"
  | "BACKUP_USAGE"
  | "BACKUP_DIR_UNUSABLE"
  | "BACKUP_TOOL_MISSING"
  | "BACKUP_DB_UNREACHABLE"
  | "BACKUP_DB_FAILED"
  | "BACKUP_NO_CREATEDB"
  | "BACKUP_LOCKED"
  | "BACKUP_DUMP_FAILED"
  | "BACKUP_DISK_FULL"
  | "BACKUP_NAME_TAKEN"
  | "BACKUP_VERIFY_FAILED"
  | "BACKUP_VERIFY_ERROR"
  | "BACKUP_FILE_INVALID"
  | "BACKUP_MANIFEST_MISSING"
  | "BACKUP_ABORTED"
  | "BACKUP_BASE_FAILED"
  | "BACKUP_RESTORE_FAILED"
  | "BACKUP_SWITCH_FAILED";

/** A failure with a stable code; the message says what happened, where, and how to fix it. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "BackupError";
  }
}

const DISK_FULL_CODES = new Set(["ENOSPC", "EDQUOT"]);

/** True for the errno codes (from node) or tool messages (from pg_dump) that mean the disk is full. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && DISK_FULL_CODES.has(code)) return true;
  return /no space left on device|disk quota exceeded/i.test(String((error as Error | undefined)?.message ?? ""));
}

/**
 * Maps a file-system failure to a coded error naming the path; disk-full gets its own code. `need` is
 * what BACKUP_DIR must allow: writable for the commands that back up, readable for `observe`.
 */
export function fileError(
  error: unknown,
  action: string,
  path: string,
  need: "writable" | "readable" = "writable",
): BackupError {
  if (error instanceof BackupError) return error;
  const reason = (error as Error).message;
  if (isDiskFull(error)) {
    return new BackupError(
      "BACKUP_DISK_FULL",
      `${action} ${path} failed: disk full (${reason}); free space on the backup volume or lower BACKUP_RETAIN`,
      { cause: error },
    );
  }
  return new BackupError(
    "BACKUP_DIR_UNUSABLE",
    `${action} ${path} failed: ${reason}; check that BACKUP_DIR exists and is ${need} by uid ${process.getuid?.() ?? "?"}`,
    { cause: error },
  );
}
