import { recoveryPoint } from "../config/recoveryPoint.js";
import type { StackConfig } from "../config/schema.js";
import { rule, type AlertRule } from "./alertRule.js";

/**
 * The gauge the backup job exports (Unix time of the newest segment under /backups/wal, see
 * service/src/backup/metrics.ts). WalArchiveMetricAbsent raises a ticket when it is missing.
 */
export const WAL_METRIC = "backup_wal_last_archived_timestamp_seconds";

/** The gauge of the newest verified dump (Unix time), from the same exporter. */
const DUMP_METRIC = "backup_last_verified_timestamp_seconds";

/**
 * With WAL archiving the dumps are restore bases, not the recovery point: BackupOverdue fires when the
 * newest verified dump is older than the schedule's longest gap plus this allowance for a run to finish.
 */
export const DUMP_ALLOWANCE_SECONDS = 3600;
/**
 * The recovery point, alerted at the RPO: without WAL archiving it is the newest verified dump; with it,
 * the newest archived WAL segment (its age peaks at archiveTimeoutSeconds plus a scrape between forced
 * switches, so 2m above the RPO is a stall, not the sawtooth), and a late dump is a ticket of its own.
 */
export function backupRules(cfg: StackConfig): AlertRule[] {
  const rpo = cfg.objectives.rpoSeconds;
  const absent = rule("BackupJobAbsent", `absent(${DUMP_METRIC})`, "30m", "ticket", "no backup metrics scraped");
  const point = recoveryPoint(cfg);
  if (point.by === "dumps")
    return [
      rule(
        "BackupOlderThanRpo",
        `time() - ${DUMP_METRIC} > ${rpo}`,
        "5m",
        "page",
        `newest verified backup is older than the RPO target (${rpo} s)`,
      ),
      absent,
    ];
  const overdue = point.dumpGapSeconds + DUMP_ALLOWANCE_SECONDS;
  return [
    rule(
      "RecoveryPointOlderThanRpo",
      `time() - ${WAL_METRIC} > ${rpo}`,
      "2m",
      "page",
      `newest archived WAL segment is older than the RPO target (${rpo} s): commits since then are not in the archive`,
    ),
    rule(
      "BackupOverdue",
      `time() - ${DUMP_METRIC} > ${overdue}`,
      "5m",
      "ticket",
      `no verified dump for ${overdue} s (the schedule's longest gap plus ${DUMP_ALLOWANCE_SECONDS} s): a restore replays ever more WAL`,
    ),
    absent,
  ];
}

/** A segment is forced at least every archive_timeout; two missed plus a minute of slack is a stall. */
export function walRules(cfg: StackConfig): AlertRule[] {
  if (!cfg.backup.walArchiving) return [];
  const stallSeconds = 2 * cfg.backup.archiveTimeoutSeconds + 60;
  return [
    rule(
      "WalArchivingStalled",
      `time() - ${WAL_METRIC} > ${stallSeconds}`,
      "2m",
      "page",
      `no WAL segment archived for more than ${stallSeconds} s`,
    ),
    rule(
      "WalArchiveMetricAbsent",
      `absent(${WAL_METRIC})`,
      "15m",
      "ticket",
      "WAL archiving is on but no archive age is scraped",
    ),
  ];
}
