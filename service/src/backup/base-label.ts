import { BackupError } from "./errors.js";

/** Where a base backup starts, from the backup_label inside it. */
export interface BackupLabel {
  startLsn: string;
  /** The first WAL segment recovery needs. */
  startWalFile: string;
  startTime: string;
  timeline: number;
}

const LINE = {
  start: /^START WAL LOCATION: ([0-9A-F]+\/[0-9A-F]+) \(file ([0-9A-F]{24})\)$/m,
  time: /^START TIME: (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (\S+)$/m,
  timeline: /^START TIMELINE: (\d+)$/m,
};

/** Parses the backup_label text pg_basebackup writes; START TIME becomes ISO 8601 (it is UTC here). */
export function parseBackupLabel(text: string): BackupLabel {
  const start = LINE.start.exec(text);
  const time = LINE.time.exec(text);
  const timeline = LINE.timeline.exec(text);
  if (!start || !time || !timeline || time[2] !== "UTC") {
    throw new BackupError(
      "BACKUP_BASE_FAILED",
      `backup_label is not as expected (START WAL LOCATION, START TIME in UTC, START TIMELINE); received ${JSON.stringify(text.slice(0, 300))}`,
    );
  }
  return {
    startLsn: start[1]!,
    startWalFile: start[2]!,
    startTime: new Date(`${time[1]!.replace(" ", "T")}Z`).toISOString(),
    timeline: Number(timeline[1]),
  };
}

/** The last WAL range's end LSN from the server's backup_manifest: recovery must replay at least to it. */
export function parseEndLsn(manifestText: string): string {
  let ranges: unknown;
  try {
    ranges = (JSON.parse(manifestText) as { "WAL-Ranges"?: unknown })["WAL-Ranges"];
  } catch (error) {
    throw new BackupError("BACKUP_BASE_FAILED", `backup_manifest is not JSON: ${(error as Error).message}`);
  }
  const last = Array.isArray(ranges) ? (ranges.at(-1) as { "End-LSN"?: unknown } | undefined) : undefined;
  const end = last?.["End-LSN"];
  if (typeof end === "string" && /^[0-9A-F]+\/[0-9A-F]+$/.test(end)) return end;
  throw new BackupError(
    "BACKUP_BASE_FAILED",
    `backup_manifest has no WAL-Ranges[].End-LSN; received ${JSON.stringify(ranges)}`,
  );
}
