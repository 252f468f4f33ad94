import type { ListedBackup } from "../plan/backups.js";
import { BackupRunbookError } from "./errors.js";
import { dumpOnlyHint, planPointInTime, type PitrPlan } from "./pitrPlan.js";
import type { PhysicalListing } from "./schemas.js";

/** What `ops restore` will do, decided before anything is touched: a dump restore or a point-in-time recovery. */
export type RestorePlan = DumpPlan | PitrPlan;

export interface DumpPlan {
  kind: "dump";
  dump: string;
  createdAt: string;
  /** The fresh database the dump goes into before it takes the live name. */
  database: string;
  steps: string[];
}

export interface RestoreRequest {
  /** A dump name, or "latest" (the newest verified). */
  from: string;
  /** With "latest": the state as of this time (point-in-time recovery where WAL covers it). */
  toTime?: Date;
  force: boolean;
  /** With --to-time: the newest verified dump taken at or before it instead of WAL replay. Default false. */
  dumpOnly: boolean;
}

/** What the stack's backups are: the dumps, and base backups + WAL when archiving (undefined otherwise). */
export interface RestoreSources {
  listing: readonly ListedBackup[];
  physical: PhysicalListing | undefined;
  project: string;
}

/**
 * --to-time replays WAL (base backup before it + archived WAL up to it) where archiving covers it,
 * and refuses otherwise, naming the recoverable window; a dump older than the time is restored
 * only when asked for (--dump-only), since it loses the commits after it. Without --to-time: a dump.
 */
export function planRestore(sources: RestoreSources, req: RestoreRequest, now: Date): RestorePlan {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "z")
    .replace(/[-:]/g, "")
    .toLowerCase();
  if (req.dumpOnly && req.toTime === undefined)
    throw usage(
      "--dump-only goes with --to-time <iso> (it picks the newest verified dump taken at or before that time)",
    );
  if (req.toTime !== undefined && req.from !== "latest")
    throw usage(`--to-time goes with --from latest, not --from ${req.from}: a named dump has one time of its own`);
  if (req.toTime !== undefined && req.toTime.getTime() > now.getTime())
    throw usage(`--to-time ${req.toTime.toISOString()} is in the future (now ${now.toISOString()})`);
  if (req.toTime === undefined || req.dumpOnly) return planDump(sources.listing, req, stamp);
  if (sources.physical === undefined) {
    throw new BackupRunbookError(
      "TIME_NOT_RECOVERABLE",
      `--to-time ${req.toTime.toISOString()}: WAL archiving is off for this stack (backup.walArchiving), so only the dumps' own times are recoverable; ${dumpOnlyHint(sources.listing, req.toTime)}`,
    );
  }
  return planPointInTime(sources.physical, sources.listing, req.toTime, sources.project, stamp);
}

const usage = (message: string) => new BackupRunbookError("NO_USABLE_BACKUP", message);

/**
 * Picks the dump: never a corrupt one (its bytes no longer match its manifest); an unverified one
 * only with --force (the restore still compares every table with the manifest).
 */
function planDump(listing: readonly ListedBackup[], req: RestoreRequest, stamp: string): DumpPlan {
  const chosen = req.from === "latest" ? newestVerified(listing, req.toTime) : named(listing, req.from, req.force);
  const database = `verifier_restore_${stamp}`;
  return {
    kind: "dump",
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
  throw new BackupRunbookError(
    "NO_USABLE_BACKUP",
    `no verified backup${when} among ${listing.length} listed; \`ops backups <stack>\` shows them`,
  );
}

function named(listing: readonly ListedBackup[], file: string, force: boolean): ListedBackup {
  const found = listing.find((b) => b.file === file);
  if (!found)
    throw new BackupRunbookError(
      "NO_USABLE_BACKUP",
      `--from ${file}: no such backup; allowed: latest or a dump \`ops backups <stack>\` lists`,
    );
  if (found.state === "corrupt")
    throw new BackupRunbookError(
      "NO_USABLE_BACKUP",
      `--from ${file} is corrupt (${found.reason}); pick another or latest`,
    );
  if (found.state !== "verified" && !force) {
    throw new BackupRunbookError(
      "NO_USABLE_BACKUP",
      `--from ${file} is ${found.state} (${found.reason}); pass --force to restore it anyway (every table is still compared with its manifest)`,
    );
  }
  return found;
}
