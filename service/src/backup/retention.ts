import type { BackupState } from "./state.js";

/** One backup as retention sees it: its name, time, standing, and the files that make it up. */
export interface BackupRecord {
  base: string;
  createdAt: Date;
  state: BackupState;
  /** File names in BACKUP_DIR (dump and/or manifest). */
  files: readonly string[];
}

export interface Deletion {
  file: string;
  reason: string;
}

export interface RetentionPlan {
  /** Bases of the backups kept, newest first. */
  keep: string[];
  deletions: Deletion[];
}

/**
 * Keeps the newest `retain` verified backups (at least one, whatever `retain` says, so the newest
 * verified backup is never deleted). Older verified ones go, and so do unverified or corrupt
 * ones older than the newest verified; those newer than it stay as evidence until a good one
 * follows. Work left by crashed runs always goes.
 */
export function planRetention(
  backups: readonly BackupRecord[],
  leftovers: readonly string[],
  retain: number,
): RetentionPlan {
  const sorted = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const verified = sorted.filter((backup) => backup.state === "verified");
  const limit = Math.max(1, retain);
  const kept = new Set(verified.slice(0, limit));
  const newestVerifiedAt = verified[0]?.createdAt.getTime() ?? Number.NEGATIVE_INFINITY;
  const doomed = new Set(
    sorted.filter(
      (backup) => !kept.has(backup) && (backup.state === "verified" || backup.createdAt.getTime() < newestVerifiedAt),
    ),
  );
  const deletions = [...doomed].flatMap((backup) => backup.files.map((file) => deletion(file, backup, limit)));
  return {
    keep: sorted.filter((backup) => !doomed.has(backup)).map((backup) => backup.base),
    deletions: [...planLeftoverCleanup(leftovers), ...deletions],
  };
}

/** Files that half-finished runs left behind: removed before a run starts, never counted. */
export function planLeftoverCleanup(leftovers: readonly string[]): Deletion[] {
  return leftovers.map((file) => ({ file, reason: "left by an interrupted run" }));
}

function deletion(file: string, backup: BackupRecord, limit: number): Deletion {
  if (backup.state === "verified") return { file, reason: `older than the newest ${limit} verified backup(s)` };
  return { file, reason: `${backup.state} and older than the newest verified backup` };
}
