import { z } from "zod";

/** One line of `backup list` (service/src/backup/listing.ts): its documented JSON shape, newest first. */
export const listedBackupSchema = z.object({
  file: z.string().nullable(),
  created_at: z.iso.datetime(),
  state: z.string(),
  reason: z.string(),
  size_bytes: z.number().nullable(),
  sha256: z.string().nullable(),
  schema_version: z.number().nullable(),
  verified_at: z.string().nullable(),
});
export const backupListingSchema = z.array(listedBackupSchema);
export type ListedBackup = z.infer<typeof listedBackupSchema>;

export interface BackupSummary {
  /** How many backups the job lists (any state). */
  count: number;
  /** The newest backup, whatever its state. */
  newest?: { file: string | null; createdAt: string; state: string; ageSeconds: number };
  /** The newest verified backup: the one a restore would use. */
  newestVerified?: { file: string | null; createdAt: string; ageSeconds: number };
  /** One line for people: "none" or the newest verified backup and its age. */
  text: string;
}

const age = (createdAt: string, now: Date): number =>
  Math.max(0, Math.round((now.getTime() - Date.parse(createdAt)) / 1000));

/** Summarises the listing as of `now`: the newest backup and the newest verified one, with ages in seconds. */
export function summariseBackups(listing: ListedBackup[], now: Date): BackupSummary {
  const newest = listing[0];
  const verified = listing.find((b) => b.state === "verified");
  if (newest === undefined) return { count: 0, text: "no backup yet" };
  const summary: BackupSummary = {
    count: listing.length,
    newest: {
      file: newest.file,
      createdAt: newest.created_at,
      state: newest.state,
      ageSeconds: age(newest.created_at, now),
    },
    text: "",
  };
  if (verified)
    summary.newestVerified = {
      file: verified.file,
      createdAt: verified.created_at,
      ageSeconds: age(verified.created_at, now),
    };
  summary.text = verified
    ? `last verified backup ${verified.created_at} (${humanAge(age(verified.created_at, now))} ago)`
    : `no verified backup; newest is ${newest.state} from ${newest.created_at} (${newest.reason})`;
  return summary;
}

/** Seconds as the largest sensible unit: 42s, 17m, 5h, 3d. */
export function humanAge(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}
