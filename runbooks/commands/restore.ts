import { z } from "zod";
import { say } from "../../infra/exec/progress.js";
import { acquireLock } from "../../infra/local/lock.js";
import { defineCommand } from "../cli/command.js";
import { executeRestore } from "../backup/restoreRun.js";
import { planRestore } from "../backup/restorePlan.js";
import { archiveCurrentWal } from "../backup/pitrRun.js";
import { listBackups, listPhysical } from "../backup/siteJob.js";
import { guardRestore, requireDocker, stackOf } from "../backup/stack.js";

export const restore = defineCommand({
  name: "restore",
  summary:
    "restore a verified dump, or the state at --to-time (base backup + WAL), into a fresh database; switch to it (old one kept), rolling-restart both colours",
  args: "<stack> --from <file|latest> [--to-time <iso> [--dump-only]]",
  flags: {
    from: {
      type: "string",
      placeholder: "<file|latest>",
      doc: "a dump `ops backups` lists, or latest: the newest verified one (required)",
      schema: z
        .string()
        .regex(
          /^(latest|[A-Za-z0-9][A-Za-z0-9._-]*_\d{8}T\d{6}Z\.dump)$/,
          "must be latest or a dump name <stack>_<YYYYMMDDTHHMMSSZ>.dump",
        ),
    },
    "to-time": {
      type: "string",
      placeholder: "<iso>",
      doc: "with --from latest: the state as of this time, by base backup + WAL replay (recovery_target_time) where archived WAL covers it; refused otherwise, naming the recoverable window (default: none, the newest dump)",
      schema: z.iso
        .datetime({ offset: true })
        .transform((v) => new Date(v))
        .optional(),
    },
    "dump-only": {
      type: "boolean",
      doc: "with --to-time: restore the newest verified dump taken at or before it instead, losing the commits after that dump (default false)",
      schema: z.boolean().default(false),
    },
    force: {
      type: "boolean",
      doc: "required on prod; also allows an unverified dump (default false)",
      schema: z.boolean().default(false),
    },
  },
  async run(ctx) {
    const { cfg } = stackOf(ctx);
    const what = `restore ${ctx.stack} from ${ctx.values.from}${ctx.values["to-time"] ? ` as of ${ctx.values["to-time"].toISOString()}` : ""}`;
    if (!ctx.common.dryRun) await guardRestore(ctx, cfg.tier, ctx.values.force, what);
    const toTime = ctx.values["to-time"];
    const pointInTime = toTime !== undefined && !ctx.values["dump-only"] && cfg.backup.walArchiving;
    // A point-in-time recovery runs a throwaway Postgres beside the stack's: Docker stacks only.
    if (pointInTime) requireDocker(cfg, ctx.stack, "restore --to-time");
    const target = await ctx.target();
    const site = () => target.backupSite();
    // The real run first makes the archive reach now (a commit, a WAL switch); --dry-run judges the archive as it is.
    if (pointInTime && !ctx.common.dryRun) await archiveCurrentWal((await site()).postgres);
    const job = await target.backupJob();
    const project = job.project;
    const listing = await listBackups(job);
    const physical = pointInTime ? await listPhysical(job) : undefined;
    const plan = planRestore(
      { listing, physical, project },
      { from: ctx.values.from, toTime, force: ctx.values.force, dumpOnly: ctx.values["dump-only"] },
      new Date(),
    );
    if (ctx.common.dryRun) return { data: { plan }, lines: plan.steps.map((s) => `would ${s}`) };
    for (const s of plan.steps) say(`· ${s}`);
    const release = acquireLock(target.files.lock, ctx.commandLine);
    try {
      const outcome = await executeRestore(job, site, ctx.stack, target, plan);
      const kept = outcome.switched.previous ? `; the previous database is kept as ${outcome.switched.previous}` : "";
      const what =
        plan.kind === "dump"
          ? `${plan.dump} (${outcome.restore.tables.length} tables match the manifest)`
          : `the state as of ${plan.toTime} (base backup ${plan.base.name} + ${plan.segments.length} WAL segment(s); ${outcome.restore.tables.length} tables match the recovered server)`;
      return { data: { plan, ...outcome }, lines: [`✓ ${project} now serves ${what}${kept}`] };
    } finally {
      release();
    }
  },
});
