import { z } from "zod";
import { defineCommand } from "../cli/command.js";
import { describeAttempt, planAttempts } from "../backup/candidates.js";
import { runDrill } from "../backup/drill/run.js";
import { drillInstance } from "../backup/drill/plan.js";
import { drillWay } from "../backup/drill/sites.js";
import { listSource, type DrillSource } from "../backup/drill/source.js";
import { BackupRunbookError } from "../backup/errors.js";
import { restoredSentence, type DrillReport } from "../backup/report.js";
import { stackOf } from "../backup/stack.js";
import { runDataDrill } from "../backup/drill/dataDrill.js";
import { listBackups } from "../backup/siteJob.js";
import type { ListedBackup } from "../plan/backups.js";
import type { PulumiTarget } from "../targets/pulumi/target.js";
import { projectOf } from "../../infra/model/build.js";

export const drill = defineCommand({
  name: "drill",
  summary:
    "restore the newest verified backup (+ WAL) into a throwaway drills environment, check it, measure RTO/RPO, report, tear down " +
    "(Kubernetes: the backup job restores it into a scratch database, checks and drops it)",
  args: "<source-stack>",
  flags: {
    "disaster-at": {
      type: "string",
      placeholder: "<iso>",
      doc: "when the disaster happened, for the RPO (default: the drill's start)",
      schema: z.iso
        .datetime({ offset: true })
        .transform((v) => new Date(v))
        .optional(),
    },
    keep: {
      type: "boolean",
      doc: "leave the drills environment running for inspection (default false)",
      schema: z.boolean().default(false),
    },
  },
  async run(ctx) {
    const { cfg } = stackOf(ctx);
    const source = { repoRoot: ctx.repoRoot, stack: ctx.stack, instance: ctx.instance, overrides: ctx.overrides };
    if (cfg.target === "kubernetes") {
      // No Docker engine to bring a drills stack up on: the stack's own backup job restores, checks and drops.
      const target = (await ctx.target()) as PulumiTarget;
      const job = await target.backupJob();
      if (ctx.common.dryRun) return dataDryRun(await listBackups(job));
      const out = await target.stackOutputs();
      // What the drill ran on: the backup image (its Job restored) and the live colour's api release.
      const images = { api: out.apiImages[out.activeColour], backup: cfg.images.backup };
      const drilled = await runDataDrill({
        repoRoot: ctx.repoRoot,
        source: { ...source, project: job.project },
        job,
        objectives: cfg.objectives,
        images: Object.fromEntries(Object.entries(images).filter((e): e is [string, string] => !!e[1])),
        disasterAt: ctx.values["disaster-at"],
      });
      return concluded(drilled.report, drilled.dir);
    }
    const way = await drillWay(source, await ctx.target(), cfg);
    if (ctx.common.dryRun) return dryRun(await way.readSource());
    const { report, dir } = await runDrill({
      repoRoot: ctx.repoRoot,
      source,
      ...way,
      disasterAt: ctx.values["disaster-at"],
      keep: ctx.values.keep,
    });
    return concluded(report, dir);
  },
});

/** A passed drill's answer; a failed one, or one that missed an objective, is a coded error carrying its report. */
function concluded(report: DrillReport, dir: string) {
  const lines = summary(report, dir);
  if (report.ok) return { data: { report, dir }, lines };
  const code = report.failure === null ? "OBJECTIVE_MISSED" : "DRILL_FAILED";
  throw new BackupRunbookError(
    code,
    `drill ${report.id} ${report.failure ?? "missed an objective"}: ${lines.slice(1, 3).join("; ")} (report in ${dir})`,
    { report, dir },
  );
}

/** On Kubernetes: the dumps the job would try, newest verified first; nothing is restored. */
function dataDryRun(listing: ListedBackup[]) {
  const verified = listing.filter((b) => b.state === "verified" && b.file);
  const lines = verified
    .slice(0, 3)
    .map((b, i) => `${i === 0 ? "would restore" : "else"} ${b.file} into a scratch database, check it and drop it`);
  return {
    data: { attempts: verified.slice(0, 3).map((b) => b.file) },
    lines: lines.length > 0 ? lines : ["no verified backup to restore"],
  };
}

/** Reads the source's backups and says what would be restored, in order; provisions nothing. */
async function dryRun(src: DrillSource) {
  const names = {
    project: projectOf(drillInstance(new Date())),
    sourceBackups: src.backups,
    jobs: 1,
  };
  const { listing, physical } = await listSource(src, names);
  const plan = planAttempts(listing, physical);
  const lines = [
    ...plan.skipped.map((s) => `would skip ${s.file}: ${s.reason}`),
    ...plan.attempts.map((a, i) => `${i === 0 ? "would restore" : "else"} ${describeAttempt(a)}`),
  ];
  return { data: { plan, images: src.images }, lines: lines.length > 0 ? lines : ["no verified backup to restore"] };
}

function summary(r: DrillReport, dir: string): string[] {
  const objective = (o: DrillReport["rto"]) =>
    o === null ? "not measured" : `${o.seconds} s (objective ${o.objectiveSeconds} s, ${o.met ? "met" : "MISSED"})`;
  return [
    `${r.ok ? "✓" : "✗"} drill ${r.id} of ${r.source.project}: ${restoredSentence(r)}`,
    `RTO ${objective(r.rto)}`,
    `RPO ${objective(r.rpo)}`,
    `report: ${dir}/report.md`,
  ];
}
