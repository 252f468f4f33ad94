import { RunbookError, type RunbookErrorCode } from "../cli/errors.js";

/** Codes of the backup, restore and drill runbooks. */
export type BackupRunbookCode =
  | "RESTORE_REFUSED"
  | "TARGET_UNSUPPORTED"
  | "BACKUP_FAILED"
  | "BACKUP_JOB_FAILED"
  | "NO_USABLE_BACKUP"
  | "TIME_NOT_RECOVERABLE"
  | "RESTORE_FAILED"
  | "DRILL_FAILED"
  | "OBJECTIVE_MISSED";

/**
 * A RunbookError with a code of these runbooks: the shared handler prints it, puts `detail` in the
 * --json answer and exits 1. The shared code union lists the deploy runbooks' codes; these extend it.
 */
export class BackupRunbookError extends RunbookError {
  constructor(code: BackupRunbookCode, message: string, detail?: unknown) {
    super(code as unknown as RunbookErrorCode, message, detail);
    this.name = "BackupRunbookError";
  }
}
