import type { SmokeCheck } from "../../../infra/local/smoke.js";
import { localPaths } from "../../../infra/local/paths.js";
import type { InstanceOptions, Prepared } from "../../../infra/local/prepare.js";
import { secretsDirOf } from "../../../infra/local/secrets.js";
import { planAttempts, type Attempt, type Skipped } from "../candidates.js";
import { startClock, type DrillClock } from "../clock.js";
import { BackupRunbookError } from "../errors.js";
import { judgeDrill, type DrillReport } from "../report.js";
import { runAttempts, type Restored } from "./attempts.js";
import { appStarter, drillCores, freePort, provision, servicesOf, start, teardown } from "./environment.js";
import { writeReport } from "./files.js";
import { drillInstance, type DrillNames } from "./plan.js";
import { awaitReady, smoke } from "./ready.js";
import { listSource, readSource, type DrillSource } from "./source.js";

export interface DrillOptions {
  repoRoot: string;
  source: InstanceOptions;
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
  try {
    await phases(opts, clock, id, draft);
  } catch (err) {
    failure = (err as Error).message.replace(/\s*\n\s*/g, " ");
  }
  const teardownNote = await finish(opts, clock, id);
  const report = buildReport(opts, clock, id, draft, failure, teardownNote);
  return { report, dir: writeReport(opts.repoRoot, report, draft.restored?.manifest) };
}

async function phases(opts: DrillOptions, clock: DrillClock, id: string, draft: Draft): Promise<void> {
  const src = (draft.src = await readSource(opts.source));
  const names: DrillNames = { project: `verifier-${id}`, sourceBackups: src.backups, secretsDir: secretsDirOf(localPaths(opts.repoRoot, id), "backup"), jobs: drillCores() };
  // Side by side: the listing hashes every dump while Compose creates the drill's containers. Both
  // settle before either failure is raised, so teardown never races a half-finished `compose up`.
  const [listed, provisioned] = await Promise.allSettled([
    clock.phase("read the source's backups", () => chooseAttempts(src, names, draft)),
    clock.phase("provision the drills environment", () => provisionAndStart(opts.repoRoot, id, src, names.jobs)),
  ]);
  if (listed.status === "rejected") throw listed.reason;
  if (provisioned.status === "rejected") throw provisioned.reason;
  const [attempts, p] = [listed.value, provisioned.value];
  const outcome = await clock.phase("restore and check the data (the api boots meanwhile)", () => runAttempts({ p, src, names, startApp: appStarter(p), phase: clock.phase }, attempts));
  draft.failed = outcome.failed;
  if (!outcome.restored) throw new BackupRunbookError("RESTORE_FAILED", `every restore attempt failed: ${outcome.failed.map((f) => `${f.attempt}: ${f.reason}`).join("; ")}`);
  draft.restored = outcome.restored;
  const url = `https://127.0.0.1:${p.cfg.httpsPort}`;
  // Ready means both: the api answers through the proxy, and the server runs with its durable settings again.
  const [readiness] = await Promise.all([clock.phase("ready through the proxy", () => awaitReady(url, p.paths.caCert)), outcome.restored.settle()]);
  draft.readiness = readiness;
  draft.smoke = await clock.phase("smoke through the proxy", () => smoke(url, p.paths.caCert));
  draft.readyMs = clock.elapsedMs();
}

async function chooseAttempts(src: DrillSource, names: DrillNames, draft: Draft): Promise<Attempt[]> {
  const { listing, physical } = await listSource(src, names);
  const plan = planAttempts(listing, physical);
  draft.skipped = plan.skipped;
  if (plan.attempts.length > 0) return plan.attempts;
  const skipped = draft.skipped.map((s) => `${s.file}: ${s.reason}`).join("; ");
  throw new BackupRunbookError("NO_USABLE_BACKUP", `${src.project} has no verified backup to restore${skipped ? ` (${skipped})` : ""}`);
}

/**
 * Without WAL archiving the first attempt is a dump: postgres starts at once, and everything else
 * with the api, during the restore. With archiving a base backup must be staged into an empty volume
 * before the server first starts, so the services that do not need it start now instead.
 */
async function provisionAndStart(repoRoot: string, id: string, src: DrillSource, cores: number): Promise<Prepared> {
  const p = await provision(repoRoot, id, src.images, await freePort(), cores);
  const now = src.cfg.backup.walArchiving ? servicesOf(p, (n) => !n.startsWith("api-") && n !== "postgres") : ["postgres"];
  await start(p, now);
  return p;
}

async function finish(opts: DrillOptions, clock: DrillClock, id: string): Promise<string> {
  if (opts.keep) return `kept running as instance ${id} (--keep): remove it with \`npm stop -- --purge\` on that instance`;
  try {
    await clock.phase("tear down", () => teardown(opts.repoRoot, id));
    return "removed: containers, networks, volumes and secrets of the drills instance";
  } catch (err) {
    return `FAILED: ${(err as Error).message.replace(/\s*\n\s*/g, " ")}; remove instance ${id} by hand`;
  }
}

function buildReport(opts: DrillOptions, clock: DrillClock, id: string, d: Draft, failure: string | null, teardownNote: string): DrillReport {
  return judgeDrill({
    id, source: { stack: opts.source.stack, instance: opts.source.instance ?? opts.source.stack, project: d.src?.project ?? "" },
    startedAt: clock.startedAt, disasterAt: opts.disasterAt, objectives: d.src?.cfg.objectives, images: d.src?.images ?? {},
    restored: d.restored?.from ?? null, skipped: d.skipped, failedAttempts: d.failed, phases: clock.phases(),
    readyMs: d.readyMs ?? null, checks: { readiness: d.readiness ?? null, smoke: d.smoke, tables: d.restored?.tables ?? [] },
    failure, teardown: teardownNote,
  });
}
