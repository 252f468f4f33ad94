import { longestDumpGapSeconds } from "./dumpGap.js";
import { isValidCron, type StackConfig } from "./schema.js";

/**
 * The archiver's copy of a closed segment (16 MiB onto the backup volume), seconds: moments on an idle
 * host, this on a loaded one. tests/live/drill-wal.test.ts holds a drill's RPO to the same bound.
 */
export const ARCHIVE_COPY_SECONDS = 5;

/**
 * What the backup configuration can promise: the most committed work a loss of the database can take
 * with it. With WAL archiving, Postgres closes a segment at least every backup.archiveTimeoutSeconds and
 * the archiver copies it, so that plus ARCHIVE_COPY_SECONDS is the worst case; without it, the longest
 * gap between two scheduled dumps is. The alert thresholds (infra/model/backupAlerts.ts) and the schema's
 * RPO rule both read it.
 */
export interface RecoveryPoint {
  /** What bounds it: "wal" (archived segments) or "dumps" (the schedule alone). */
  by: "wal" | "dumps";
  /** The worst case, seconds. */
  worstSeconds: number;
  /** The longest gap between scheduled dumps, seconds (Infinity when the schedule never runs). */
  dumpGapSeconds: number;
}

export function recoveryPoint(cfg: StackConfig): RecoveryPoint {
  const dumpGapSeconds = longestDumpGapSeconds(cfg.backup.schedule);
  return cfg.backup.walArchiving
    ? { by: "wal", worstSeconds: cfg.backup.archiveTimeoutSeconds + ARCHIVE_COPY_SECONDS, dumpGapSeconds }
    : { by: "dumps", worstSeconds: dumpGapSeconds, dumpGapSeconds };
}

type Issue = { path: (string | number)[]; message: string; value: unknown };

/** objectives.rpoSeconds must be a promise the schedule and archiving can keep; the message names the keys. */
export function rpoIssues(cfg: StackConfig): Issue[] {
  // A schedule that does not parse is the shape's error already; there is no gap to judge.
  if (!isValidCron(cfg.backup.schedule)) return [];
  const rpo = cfg.objectives.rpoSeconds;
  const point = recoveryPoint(cfg);
  if (point.worstSeconds <= rpo) return [];
  const timeoutMeeting = rpo - ARCHIVE_COPY_SECONDS;
  const message =
    point.by === "wal"
      ? `WAL archiving closes a segment only every backup.archiveTimeoutSeconds (${cfg.backup.archiveTimeoutSeconds} s) ` +
        `and copies it within ${ARCHIVE_COPY_SECONDS} s, so up to ${point.worstSeconds} s of commits can be lost: set ` +
        `objectives.rpoSeconds to at least ${point.worstSeconds}` +
        (timeoutMeeting >= 1 ? `, or backup.archiveTimeoutSeconds to at most ${timeoutMeeting}` : "")
      : `backup.schedule "${cfg.backup.schedule}" leaves ${gapText(point.dumpGapSeconds)} between dumps and ` +
        "backup.walArchiving is off, so that much committed work can be lost: set " +
        (Number.isFinite(point.dumpGapSeconds) ? `objectives.rpoSeconds to at least ${point.dumpGapSeconds}, ` : "") +
        `a schedule that dumps at least every ${rpo} s` +
        (timeoutMeeting >= 1
          ? `, or backup.walArchiving: true with backup.archiveTimeoutSeconds at most ${timeoutMeeting}`
          : "");
  return [{ path: ["objectives", "rpoSeconds"], value: rpo, message }];
}

const gapText = (seconds: number): string =>
  Number.isFinite(seconds) ? `up to ${seconds} s` : "no run in eight years (so no recovery point)";
