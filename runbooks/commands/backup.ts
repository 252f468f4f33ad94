import { step } from "../../infra/exec/progress.js";
import { CommandError } from "../../infra/exec/run.js";
import { defineCommand } from "../cli/command.js";
import { BackupRunbookError } from "../backup/errors.js";
import { jobAnswer, runResultSchema } from "../backup/schemas.js";
import { stackOf } from "../backup/stack.js";

/** A run may dump, verify and base-backup a large database; bounded so a hung run cannot hang the runbook. */
const RUN_TIMEOUT_MS = 60 * 60_000;

export const backup = defineCommand({
  name: "backup",
  summary:
    "take a backup now in the stack's backup container (dump, verification, base backup with WAL archiving, retention)",
  args: "<stack>",
  flags: {},
  async run(ctx) {
    const { cfg } = stackOf(ctx);
    const job = await (await ctx.target()).backupJob();
    const project = job.project;
    const where = job.describe(["run"]);
    if (ctx.common.dryRun) return { data: { run: where }, lines: [`would run: ${where}`] };
    let out: string;
    try {
      out = await step(
        `back up ${project}: ${where} (dump, verification${cfg.backup.walArchiving ? ", base backup" : ""}, retention)`,
        () => job.ask(["run"], RUN_TIMEOUT_MS),
      );
    } catch (err) {
      const why = err instanceof CommandError ? err.stderrTail || err.message : (err as Error).message;
      throw new BackupRunbookError(
        "BACKUP_FAILED",
        `backup of ${project} (${where}) failed, no new backup counts: ${why}; see \`ops backups ${ctx.stack}\` and the job's metrics`,
      );
    }
    const result = jobAnswer(runResultSchema, out, "run");
    return {
      data: { project, ...result },
      lines: [
        `✓ ${result.file} verified at ${result.verification.at} (${result.size_bytes} bytes, sha256 ${result.sha256.slice(0, 12)}…)`,
      ],
    };
  },
});
