import { z } from "zod";
import { say } from "../../infra/exec/progress.js";
import { run } from "../../infra/exec/run.js";
import { acquireLock } from "../../infra/local/lock.js";
import { defineCommand } from "../cli/command.js";
import { backupListingSchema } from "../plan/backups.js";
import { jobExec } from "../backup/job.js";
import { executeRestore } from "../backup/restoreRun.js";
import { planRestore } from "../backup/restorePlan.js";
import { jobAnswer } from "../backup/schemas.js";
import { guardRestore, requireDocker, stackOf } from "../backup/stack.js";

export const restore = defineCommand({
  name: "restore",
  summary: "restore a verified dump into a fresh database, switch the api to it (old one kept), rolling-restart both colours",
  args: "<stack> --from <file|latest> [--to-time <iso>]",
  flags: {
    from: {
      type: "string", placeholder: "<file|latest>", doc: "a dump `ops backups` lists, or latest: the newest verified one (required)",
      schema: z.string().regex(/^(latest|[A-Za-z0-9][A-Za-z0-9._-]*_\d{8}T\d{6}Z\.dump)$/, "must be latest or a dump name <stack>_<YYYYMMDDTHHMMSSZ>.dump"),
    },
    "to-time": {
      type: "string", placeholder: "<iso>", doc: "with --from latest: the newest verified dump taken at or before this time (default: no limit)",
      schema: z.iso.datetime({ offset: true }).transform((v) => new Date(v)).optional(),
    },
    force: { type: "boolean", doc: "required on prod; also allows an unverified dump (default false)", schema: z.boolean().default(false) },
  },
  async run(ctx) {
    const { cfg, project } = stackOf(ctx);
    const what = `restore ${ctx.stack} from ${ctx.values.from}${ctx.values["to-time"] ? ` as of ${ctx.values["to-time"].toISOString()}` : ""}`;
    if (!ctx.common.dryRun) await guardRestore(ctx, cfg.tier, ctx.values.force, what);
    requireDocker(cfg, ctx.stack, "restore");
    const listing = jobAnswer(backupListingSchema, await run(jobExec(project, ["list"]), { timeoutMs: 10 * 60_000 }), "list");
    const plan = planRestore(listing, { from: ctx.values.from, toTime: ctx.values["to-time"], force: ctx.values.force }, new Date());
    if (ctx.common.dryRun) return { data: { plan }, lines: plan.steps.map((s) => `would ${s}`) };
    for (const s of plan.steps) say(`· ${s}`);
    const target = await ctx.target();
    const release = acquireLock(target.files.lock, ctx.commandLine);
    try {
      const outcome = await executeRestore(project, cfg, target, plan);
      const kept = outcome.switched.previous ? `; the previous database is kept as ${outcome.switched.previous}` : "";
      return { data: { plan, ...outcome }, lines: [`✓ ${project} now serves ${plan.dump} (${outcome.restore.tables.length} tables match the manifest)${kept}`] };
    } finally {
      release();
    }
  },
});
