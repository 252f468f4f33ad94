import type { SmokeCheck } from "../../../infra/local/smoke.js";
import type { InstanceOptions } from "../../../infra/local/prepare.js";
import { planAttempts, type Attempt, type Skipped } from "../candidates.js";
import { startClock, type DrillClock } from "../clock.js";
import { BackupRunbookError } from "../errors.js";
import { judgeDrill, type DrillReport } from "../report.js";
import { runAttempts, type Restored } from "./attempts.js";
import type { DrillSite } from "./drillEnv.js";
import { drillCores } from "./environment.js";
import { writeReport } from "./files.js";
import { drillInstance, type DrillNames } from "./plan.js";
import { awaitReady, smoke } from "./ready.js";
import { listSource, type DrillSource } from "./source.js";
import { projectOf } from "../../../infra/model/build.js";

export interface DrillOptions {
  repoRoot: string;
  source: InstanceOptions;
  /** Reads the source stack (its backups, project, images as they run). */
  readSource: () => Promise<DrillSource>;
  /** The environment the drill restores into, named `id` (Compose instance or Pulumi stack). */
  site: (id: string, src: DrillSource) => DrillSite;
  /** When the disaster happened; default the drill's start ("what if it were now"). */
  disasterAt?: Date;
  /** Leave the drills environment running for inspection. Default false. */
  keep: boolean;
}

/** What the phases learn, filled in as they go; a failure stops filling and is reported. */
interface Draft {
  src?: DrillSource;
  skipped: Skipped[];
  failed: { attempt: string; reason: string }[];
  restored?: Restored;
  readiness?: string;
  smoke: SmokeCheck[];
  readyMs?: number;
}

/**
 * A restore drill: read the source's backups, provision a drills instance on the source's images,
 * restore (falling back past anything that fails), start the api, prove readiness and smoke, stop
 * the RTO clock; then tear down (unless kept), write the report, and return it.
 */
export async function runDrill(opts: DrillOptions): Promise<{ report: DrillReport; dir: string }> {
  const clock = startClock();
  const id = drillInstance(clock.startedAt);
  const draft: Draft = { skipped: [], failed: [], smoke: [] };
  let failure: string | null = null;
  let site: DrillSite | undefined;
  try {
    draft.src = await opts.readSource();
    site = opts.site(id, draft.src);
    await phases(site, clock, id, draft.src, draft);
  } catch (err) {
    failure = (err as Error).message.replace(/\s*\n\s*/g, " ");
  }
  const teardownNote = site === undefined ? "nothing was provisioned" : await finish(opts, clock, site);
  const report = buildReport(opts, clock, id, draft, failure, teardownNote);
  return { report, dir: writeReport(opts.repoRoot, report, draft.restored?.manifest) };
}

async function phases(site: DrillSite, clock: DrillClock, id: string, src: DrillSource, draft: Draft): Promise<void> {
  const listingNames: DrillNames = {
    project: projectOf(id),
    sourceBackups: src.backups,
    jobs: drillCores(),
  };
  // Side by side: the listing hashes every dump while the drill's environment comes up. Both settle
  // before either failure is raised, so teardown never races a half-finished `compose up` or `pulumi up`.
  const [listed, provisioned] = await Promise.allSettled([
    clock.phase("read the source's backups", () => chooseAttempts(src, listingNames, draft)),
    clock.phase("provision the drills environment", () => site.provision(listingNames.jobs)),
  ]);
  if (listed.status === "rejected") throw listed.reason;
  if (provisioned.status === "rejected") throw provisioned.reason;
  const [attempts, env] = [listed.value, provisioned.value];
  const names: DrillNames = { ...listingNames, project: env.project };
  const outcome = await clock.phase("restore and check the data (the api boots meanwhile)", () =>
    runAttempts({ env, src, names, phase: clock.phase }, attempts),
  );
  draft.failed = outcome.failed;
  if (!outcome.restored)
    throw new BackupRunbookError(
      "RESTORE_FAILED",
      `every restore attempt failed: ${outcome.failed.map((f) => `${f.attempt}: ${f.reason}`).join("; ")}`,
    );
  draft.restored = outcome.restored;
  // Ready means both: the api answers through the proxy, and the server runs with its durable settings again.
  const [readiness] = await Promise.all([
    clock.phase("ready through the proxy", () => awaitReady(env.url, env.caFile)),
    outcome.restored.settle(),
  ]);
  draft.readiness = readiness;
  draft.smoke = await clock.phase("smoke through the proxy", () => smoke(env.url, env.caFile));
  draft.readyMs = clock.elapsedMs();
}

async function chooseAttempts(src: DrillSource, names: DrillNames, draft: Draft): Promise<Attempt[]> {
  const { listing, physical } = await listSource(src, names);
  const plan = planAttempts(listing, physical);
  draft.skipped = plan.skipped;
  if (plan.attempts.length > 0) return plan.attempts;
  const skipped = draft.skipped.map((s) => `${s.file}: ${s.reason}`).join("; ");
  throw new BackupRunbookError(
    "NO_USABLE_BACKUP",
    `${src.project} has no verified backup to restore${skipped ? ` (${skipped})` : ""}`,
  );
}

async function finish(opts: DrillOptions, clock: DrillClock, site: DrillSite): Promise<string> {
  if (opts.keep) return site.keptNote;
  try {
    await clock.phase("tear down", () => site.teardown());
    return "removed: containers, networks, volumes and secrets of the drills environment";
  } catch (err) {
    return `FAILED: ${(err as Error).message.replace(/\s*\n\s*/g, " ")}; remove the drills environment by hand`;
  }
}

function buildReport(
  opts: DrillOptions,
  clock: DrillClock,
  id: string,
  d: Draft,
  failure: string | null,
  teardownNote: string,
): DrillReport {
  return judgeDrill({
    id,
    source: {
      stack: opts.source.stack,
      instance: opts.source.instance ?? opts.source.stack,
      project: d.src?.project ?? "",
    },
    startedAt: clock.startedAt,
    disasterAt: opts.disasterAt,
    objectives: d.src?.cfg.objectives,
    images: d.src?.images ?? {},
    restored: d.restored?.from ?? null,
    skipped: d.skipped,
    failedAttempts: d.failed,
    phases: clock.phases(),
    readyMs: d.readyMs ?? null,
    checks: { readiness: d.readiness ?? null, smoke: d.smoke, tables: d.restored?.tables ?? [] },
    failure,
    teardown: teardownNote,
  });
}
