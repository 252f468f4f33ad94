import { defineCommand } from "../cli/command.js";
import { humanAge, type ListedBackup } from "../plan/backups.js";
import type { PhysicalListing } from "../backup/schemas.js";
import { listBackups, listPhysical } from "../backup/siteJob.js";
import { stackOf } from "../backup/stack.js";

export const backups = defineCommand({
  name: "backups",
  summary:
    "list the stack's backups newest first with their verification state; base backups and WAL too when archiving",
  args: "<stack>",
  flags: {},
  async run(ctx) {
    const { cfg } = stackOf(ctx);
    const job = await (await ctx.target()).backupJob();
    const listing = await listBackups(job);
    const physical = cfg.backup.walArchiving ? await listPhysical(job) : undefined;
    return {
      data: { project: job.project, backups: listing, physical: physical ?? null },
      lines: listingLines(listing, physical, new Date()),
    };
  },
});

/** One line a backup: age, state, size, name and the job's reason. */
export function listingLines(listing: ListedBackup[], physical: PhysicalListing | undefined, now: Date): string[] {
  const age = (iso: string) => humanAge(Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000)));
  const lines =
    listing.length === 0
      ? ["no backup yet"]
      : listing.map(
          (b) =>
            `${b.state.padEnd(10)} ${age(b.created_at).padStart(4)} ago  ${String(b.size_bytes ?? "?").padStart(12)} B  ${b.file ?? "(manifest only)"}  ${b.reason}`,
        );
  if (!physical) return lines;
  const wal =
    physical.wal.length === 0
      ? "no WAL archived yet"
      : `${physical.wal.length} WAL segment(s) ${physical.wal[0]} … ${physical.wal.at(-1)}, newest archived ${physical.newest_segment_at}`;
  return [...lines, "", ...physical.bases.map((b) => `base ${b.state.padEnd(8)} ${b.name}  ${b.reason}`), wal];
}
