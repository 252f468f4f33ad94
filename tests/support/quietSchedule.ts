import { longestDumpGapSeconds } from "../../infra/config/dumpGap.js";

/**
 * A backup schedule for test stacks that never fires while a test run can be going on: once a year, on
 * the 15th of the month six months from now. A stack's own schedule (daily at 02:00 for local and drills)
 * fired in a CI run that crossed 02:00 UTC, and the extra verified backup broke every test that counts
 * backups. Tests run the scheduled job on demand instead (SIGUSR2 to the Docker job, a Job from the
 * CronJob on Kubernetes).
 */
export function quietBackupSchedule(now: Date = new Date()): string {
  const month = ((now.getUTCMonth() + 6) % 12) + 1;
  return `0 3 15 ${month} *`;
}

/** The `backup` override a test stack merges onto its stack file's block. */
export const QUIET_BACKUP = { schedule: quietBackupSchedule() };

/**
 * The RPO a stack on the quiet schedule declares when WAL archiving is off: the schedule's longest gap,
 * the least the schema accepts (infra/config/recoveryPoint.ts). Merged into `objectives`, so the stack
 * file's RTO stays; a test that turns WAL archiving on states its own RPO.
 */
export const QUIET_OBJECTIVES = { rpoSeconds: longestDumpGapSeconds(QUIET_BACKUP.schedule) };
