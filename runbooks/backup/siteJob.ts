import { backupListingSchema, summariseBackups, type BackupSummary, type ListedBackup } from "../plan/backups.js";
import type { BackupJob, Target } from "../targets/target.js";
import { jobAnswer, physicalListingSchema, type PhysicalListing } from "./schemas.js";

/** How long a listing may take (it re-reads every manifest), ms. */
const ASK_TIMEOUT_MS = 10 * 60_000;
/** `status` must answer even while the job hangs, ms. */
const STATUS_TIMEOUT_MS = 60_000;

/** The job's `list`: every backup newest first, as the job judges it. */
export async function listBackups(job: BackupJob, timeoutMs: number = ASK_TIMEOUT_MS): Promise<ListedBackup[]> {
  return jobAnswer(backupListingSchema, await job.ask(["list"], timeoutMs), "list");
}

/** The job's `bases`: base backups and archived WAL (stacks with WAL archiving). */
export async function listPhysical(job: BackupJob): Promise<PhysicalListing> {
  return jobAnswer(physicalListingSchema, await job.ask(["bases"], ASK_TIMEOUT_MS), "bases");
}

/** What `status` shows of a stack's backups, on whichever target runs it. */
export async function backupSummary(target: Target): Promise<BackupSummary> {
  return summariseBackups(await listBackups(await target.backupJob(), STATUS_TIMEOUT_MS), new Date());
}
