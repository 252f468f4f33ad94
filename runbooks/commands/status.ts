import { defineCommand } from "../cli/command.js";
import { backupSummary } from "../backup/siteJob.js";
import type { BackupSummary } from "../plan/backups.js";
import type { Target } from "../targets/target.js";
import { statusReport } from "./statusReport.js";

export const status = defineCommand({
  name: "status",
  summary:
    "active colour, image and health per colour, every container's health, the last backup and its age, recent releases",
  args: "<stack>",
  flags: {},
  async run(ctx) {
    const target = await ctx.target();
    const [observed, containers, backups] = await Promise.all([target.observe(), target.health(), backupsOf(target)]);
    const name = `${ctx.stack}${ctx.instance === ctx.stack ? "" : ` (instance ${ctx.instance})`}, ${target.kind}`;
    return statusReport({ name, url: target.url(), observed, containers, backups });
  },
});

/** Backups are reported, never fatal: status must work while the backup job is down. */
async function backupsOf(target: Target): Promise<BackupSummary | { error: string }> {
  try {
    return await backupSummary(target);
  } catch (err) {
    return { error: (err as Error).message.replace(/\s*\n\s*/g, " ") };
  }
}
