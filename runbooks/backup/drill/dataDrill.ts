import { CommandError } from "../../../infra/exec/run.js";
import type { InstanceOptions } from "../../../infra/local/prepare.js";
import type { ListedBackup } from "../../plan/backups.js";
import type { BackupJob } from "../../targets/target.js";
import type { Skipped } from "../candidates.js";
import type { TableCheck } from "../checks.js";
import { startClock } from "../clock.js";
import { judgeDrill, type DrillReport, type RestoredFrom } from "../report.js";
import { jobAnswer, restoreResultSchema, type RestoreResult } from "../schemas.js";
import { listBackups } from "../siteJob.js";
import { writeReport } from "./files.js";
import { drillInstance } from "./plan.js";

/** How long one restore and check in the job may take, ms. */
const RESTORE_MS = 60 * 60_000;
/** Older verified dumps tried after the newest fails, at most. */
const ATTEMPTS = 3;
/** What the report says in place of a readiness check: nothing served the restored data. */
export const DATA_ONLY =
  "data only: the backup job restored the dump into a scratch database and compared every table with the dump's manifest, then dropped it; no api ran on it";

export interface DataDrillOptions {
  repoRoot: string;
  source: InstanceOptions & { project: string };
  job: BackupJob;
  objectives: { rtoSeconds: number; rpoSeconds: number };
  images: Record<string, string>;
  disasterAt?: Date;
}

/**
 * A restore drill where the stack's own backup job does the work (Kubernetes: a Job from the backup
 * CronJob): the newest verified dump (falling back to older ones) restored into a scratch database on
 * the stack's Postgres, compared table by table with its manifest and dropped again (`restore --check`),
 * timed for the RTO, its dump time against the disaster for the RPO, and reported like a Docker drill.
 */
export async function runDataDrill(opts: DataDrillOptions): Promise<{ report: DrillReport; dir: string }> {
  const clock = startClock();
  const id = drillInstance(clock.startedAt);
  const scratch = id.replace(/-/g, "_");
  const skipped: Skipped[] = [];
  const failed: { attempt: string; reason: string }[] = [];
  let restored: RestoreResult | undefined;
  let failure: string | null = null;
  try {
    const listing = await clock.phase("read the stack's backups", () => listBackups(opts.job));
    const candidates = listing.filter((b): b is ListedBackup & { file: string } => b.state === "verified" && !!b.file);
    // Newest first: what is newer than the newest verified dump could not be used, and the report says why.
    const firstUsable = candidates[0] === undefined ? listing.length : listing.indexOf(candidates[0]);
    for (const b of listing.slice(0, firstUsable))
      skipped.push({ file: b.file ?? `(manifest only, ${b.created_at})`, reason: b.reason });
    for (const backup of candidates.slice(0, ATTEMPTS)) {
      restored = await clock
        .phase(`restore ${backup.file} into ${scratch}, check it, drop it (${opts.job.describe(["restore"])})`, () =>
          restoreAndCheck(opts.job, backup.file, scratch),
        )
        .catch((err: Error) => {
          failed.push({ attempt: backup.file, reason: err.message.replace(/\s*\n\s*/g, " ") });
          return undefined;
        });
      if (restored) break;
    }
    if (!restored)
      failure =
        candidates.length === 0
          ? `${opts.source.project} has no verified backup to restore`
          : `every restore attempt failed: ${failed.map((f) => `${f.attempt}: ${f.reason}`).join("; ")}`;
  } catch (err) {
    failure = (err as Error).message.replace(/\s*\n\s*/g, " ");
  }
  const readyMs = restored ? clock.elapsedMs() : null;
  const report = judgeDrill({
    id,
    source: {
      stack: opts.source.stack,
      instance: opts.source.instance ?? opts.source.stack,
      project: opts.source.project,
    },
    startedAt: clock.startedAt,
    ...(opts.disasterAt ? { disasterAt: opts.disasterAt } : {}),
    objectives: opts.objectives,
    images: opts.images,
    restored: restored ? restoredFrom(restored) : null,
    skipped,
    failedAttempts: failed,
    phases: clock.phases(),
    readyMs,
    checks: { readiness: restored ? DATA_ONLY : null, smoke: [], tables: restored ? tableChecks(restored) : [] },
    failure,
    teardown: `nothing to remove: the job dropped ${scratch} itself, and each Job is deleted once its answer is read`,
  });
  return { report, dir: writeReport(opts.repoRoot, report, undefined) };
}

async function restoreAndCheck(job: BackupJob, file: string, database: string): Promise<RestoreResult> {
  const args = ["restore", file, database, "--check"];
  try {
    return jobAnswer(restoreResultSchema, await job.ask(args, RESTORE_MS), "restore --check");
  } catch (err) {
    throw err instanceof CommandError ? new Error(err.stderrTail || err.message) : err;
  }
}

const restoredFrom = (r: RestoreResult): RestoredFrom => ({
  kind: "logical",
  dump: r.file,
  base: null,
  walSegments: 0,
  recoveredUntil: r.created_at,
});

/** The job compared each table with the manifest and found no mismatch (it exits non-zero otherwise): what it compared. */
const tableChecks = (r: RestoreResult): TableCheck[] =>
  r.tables.map((t) => ({
    table: `${t.schema}.${t.table}`,
    expectedRows: t.rows,
    actualRows: t.rows,
    checksum: "equal",
    ok: true,
  }));
