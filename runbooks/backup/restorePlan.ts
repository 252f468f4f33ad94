import type { ListedBackup } from "../plan/backups.js";
import { BackupRunbookError } from "./errors.js";

/** What `ops restore` will do, decided before anything is touched. */
export interface RestorePlan {
  dump: string;
  createdAt: string;
  /** The fresh database the dump goes into before it takes the live name. */
  database: string;
  steps: string[];
}

export interface RestoreRequest {
  /** A dump name, or "latest" (the newest verified). */
  from: string;
  /** With "latest": the newest verified dump taken at or before this time. */
  toTime?: Date;
  force: boolean;
}

/**
 * Picks the dump: never a corrupt one (its bytes no longer match its manifest); an unverified one
 * only with --force (the restore still compares every table with the manifest).
 */
export function planRestore(listing: readonly ListedBackup[], req: RestoreRequest, now: Date): RestorePlan {
  const chosen = req.from === "latest" ? newestVerified(listing, req.toTime) : named(listing, req.from, req.force);
  const database = `verifier_restore_${now.toISOString().replace(/\.\d{3}Z$/, "z").replace(/[-:]/g, "").toLowerCase()}`;
  return {
    dump: chosen.file!,
    createdAt: chosen.created_at,
    database,
    steps: [
      `restore ${chosen.file} (${chosen.created_at}) into a new database ${database} and compare every table with its manifest`,
      `rename the live database away (kept, connections off) and ${database} into its place`,
      "restart the api containers one at a time, the idle colour first, each waiting for health",
      "verify through the proxy",
    ],
  };
}

function newestVerified(listing: readonly ListedBackup[], toTime: Date | undefined): ListedBackup {
  const limit = toTime?.getTime() ?? Number.POSITIVE_INFINITY;
  const found = listing.find((b) => b.state === "verified" && b.file !== null && Date.parse(b.created_at) <= limit);
  if (found) return found;
  const when = toTime ? ` taken at or before ${toTime.toISOString()}` : "";
  throw new BackupRunbookError("NO_USABLE_BACKUP", `no verified backup${when} among ${listing.length} listed; \`ops backups <stack>\` shows them`);
}

function named(listing: readonly ListedBackup[], file: string, force: boolean): ListedBackup {
  const found = listing.find((b) => b.file === file);
  if (!found) throw new BackupRunbookError("NO_USABLE_BACKUP", `--from ${file}: no such backup; allowed: latest or a dump \`ops backups <stack>\` lists`);
  if (found.state === "corrupt") throw new BackupRunbookError("NO_USABLE_BACKUP", `--from ${file} is corrupt (${found.reason}); pick another or latest`);
  if (found.state !== "verified" && !force) {
    throw new BackupRunbookError("NO_USABLE_BACKUP", `--from ${file} is ${found.state} (${found.reason}); pass --force to restore it anyway (every table is still compared with its manifest)`);
  }
  return found;
}
