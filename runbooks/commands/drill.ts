import { z } from "zod";
import { defineCommand } from "../cli/command.js";
import { describeAttempt, planAttempts } from "../backup/candidates.js";
import { runDrill } from "../backup/drill/run.js";
import { drillInstance } from "../backup/drill/plan.js";
import { drillWay } from "../backup/drill/sites.js";
import { listSource, type DrillSource } from "../backup/drill/source.js";
import { BackupRunbookError } from "../backup/errors.js";
import { restoredSentence, type DrillReport } from "../backup/report.js";
import { requireDocker, stackOf } from "../backup/stack.js";
import { projectOf } from "../../infra/model/build.js";

export const drill = defineCommand({
  name: "drill",
  summary:
    "restore the newest verified backup (+ WAL) into a throwaway drills environment, check it, measure RTO/RPO, report, tear down",
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
    requireDocker(cfg, ctx.stack, "drill");
    const source = { repoRoot: ctx.repoRoot, stack: ctx.stack, instance: ctx.instance, overrides: ctx.overrides };
    const way = await drillWay(source, await ctx.target(), cfg);
    if (ctx.common.dryRun) return dryRun(await way.readSource());
    const { report, dir } = await runDrill({
      repoRoot: ctx.repoRoot,
      source,
      ...way,
      disasterAt: ctx.values["disaster-at"],
      keep: ctx.values.keep,
    });
    const lines = summary(report, dir);
    if (report.ok) return { data: { report, dir }, lines };
    const code = report.failure === null ? "OBJECTIVE_MISSED" : "DRILL_FAILED";
    throw new BackupRunbookError(
      code,
      `drill ${report.id} ${report.failure ?? "missed an objective"}: ${lines.slice(1, 3).join("; ")} (report in ${dir})`,
      { report, dir },
    );
  },
});

/** Reads the source's backups and says what would be restored, in order; provisions nothing. */
async function dryRun(src: DrillSource) {
  const names = {
    project: projectOf(drillInstance(new Date())),
    sourceBackups: src.backups,
    secretsDir: "",
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
