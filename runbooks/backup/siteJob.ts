import { run } from "../../infra/exec/run.js";
import { backupListingSchema, summariseBackups, type BackupSummary, type ListedBackup } from "../plan/backups.js";
import type { BackupSite, Target } from "../targets/target.js";
import { jobExec } from "./job.js";
import { jobAnswer, physicalListingSchema, type PhysicalListing } from "./schemas.js";

/** How long a listing may take (it re-reads every manifest), ms. */
const ASK_TIMEOUT_MS = 10 * 60_000;
/** `status` must answer even while the job hangs, ms. */
const STATUS_TIMEOUT_MS = 60_000;

/** `main.js <args>` in the site's backup container; its stdout. */
export function askJob(site: BackupSite, args: string[], timeoutMs: number = ASK_TIMEOUT_MS): Promise<string> {
  return run(jobExec(site.backup, args), { timeoutMs });
}

/** The job's `list`: every backup newest first, as the job judges it. */
export async function listBackups(site: BackupSite, timeoutMs: number = ASK_TIMEOUT_MS): Promise<ListedBackup[]> {
  return jobAnswer(backupListingSchema, await askJob(site, ["list"], timeoutMs), "list");
}

/** The job's `bases`: base backups and archived WAL (stacks with WAL archiving). */
export async function listPhysical(site: BackupSite): Promise<PhysicalListing> {
  return jobAnswer(physicalListingSchema, await askJob(site, ["bases"]), "bases");
}

/** What `status` shows of a stack's backups, on whichever target runs it. */
export async function backupSummary(target: Target): Promise<BackupSummary> {
  return summariseBackups(await listBackups(await target.backupSite(), STATUS_TIMEOUT_MS), new Date());
}
