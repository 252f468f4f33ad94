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
