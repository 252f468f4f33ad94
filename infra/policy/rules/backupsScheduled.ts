import { K8S_CRONJOB, dockerEnv, dockerLabel, isRunningContainer, stackTier } from "../read.js";
import type { StackRule, Subject, Violation } from "../types.js";

const GUARDED_TIERS = ["staging", "prod"];

/** Staging and prod always have a scheduled backup: a running scheduler container or a Forbid CronJob. */
export const backupsScheduled: StackRule = {
  name: "backups-scheduled",
  description:
    "Staging and prod schedule backups (a running backup container with BACKUP_SCHEDULE, or a CronJob with concurrencyPolicy Forbid).",
  check(resources: Subject[]): Violation[] {
    const tier = stackTier(resources);
    if (!tier || !GUARDED_TIERS.includes(tier)) return [];
    return resources.some((s) => dockerScheduler(s) || cronJob(s))
      ? []
      : [
          {
            message: `${tier}: no scheduled backup (expected a running backup container with BACKUP_SCHEDULE, or a CronJob of the backup component with concurrencyPolicy Forbid)`,
          },
        ];
  },
};

function dockerScheduler(s: Subject): boolean {
  if (!isRunningContainer(s) || dockerLabel(s.props, "verifier.role") !== "backup") return false;
  return dockerEnv(s.props).some(([name, value]) => name === "BACKUP_SCHEDULE" && value.trim() !== "");
}

function cronJob(s: Subject): boolean {
  if (s.type !== K8S_CRONJOB || s.props.metadata?.labels?.["app.kubernetes.io/component"] !== "backup") return false;
  return (
    typeof s.props.spec?.schedule === "string" &&
    s.props.spec.schedule.trim() !== "" &&
    s.props.spec.concurrencyPolicy === "Forbid"
  );
}
