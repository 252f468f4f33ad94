import type { IDeploymentSpec } from "kubernetes-models/apps/v1/DeploymentSpec";
import type { IStatefulSetSpec } from "kubernetes-models/apps/v1/StatefulSetSpec";
import type { ICronJobSpec } from "kubernetes-models/batch/v1/CronJobSpec";
import type { IPodDisruptionBudgetSpec } from "kubernetes-models/policy/v1/PodDisruptionBudgetSpec";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { Colour } from "../../config/schema.js";
import type { EnvironmentModel, ScheduleSpec, ServiceSpec } from "../../model/types.js";
import { selectorLabels } from "./labels.js";

export function deploymentSpec(
  model: EnvironmentModel,
  spec: ServiceSpec,
  replicas: number,
  pod: IPodSpec,
): IDeploymentSpec {
  const labels = selectorLabels(model, spec.role, spec.colour);
  return { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: pod } };
}

/** One Postgres pod with its data on a claim that outlives the pod (and the StatefulSet). */
export function statefulSetSpec(
  model: EnvironmentModel,
  spec: ServiceSpec,
  pod: IPodSpec,
  claim: { size: string; storageClass?: string | undefined },
): IStatefulSetSpec {
  const labels = selectorLabels(model, spec.role);
  return {
    serviceName: spec.name,
    replicas: 1,
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: pod },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
    volumeClaimTemplates: [
      {
        metadata: { name: "pgdata" },
        spec: {
          accessModes: ["ReadWriteOnce"],
          ...(claim.storageClass ? { storageClassName: claim.storageClass } : {}),
          resources: { requests: { storage: claim.size } },
        },
      },
    ],
  };
}

/**
 * The backup as a CronJob: the configured schedule (UTC), never two at once, the same image and
 * hardening as the scheduler container on Docker. Retention travels in the model's BACKUP_RETAIN.
 */
export function cronJobSpec(
  model: EnvironmentModel,
  spec: ServiceSpec,
  schedule: ScheduleSpec,
  pod: IPodSpec,
): ICronJobSpec {
  const labels = selectorLabels(model, spec.role);
  return {
    schedule: schedule.cron,
    timeZone: "Etc/UTC",
    concurrencyPolicy: "Forbid",
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 3,
    jobTemplate: {
      spec: { backoffLimit: 0, template: { metadata: { labels }, spec: { ...pod, restartPolicy: "Never" } } },
    },
  };
}

/** A drain takes at most one pod of a colour at a time. */
export function disruptionBudgetSpec(model: EnvironmentModel, colour: Colour): IPodDisruptionBudgetSpec {
  return { maxUnavailable: 1, selector: { matchLabels: selectorLabels(model, "api", colour) } };
}

/** The scheduler's command runs once per Job: `... schedule` becomes `... run`. */
export const oneShotArgs = (spec: ServiceSpec): string[] => schedulerCommandAs(spec, "run");

/** The backup scheduler's command with another subcommand of the same job in place of `schedule`. */
export function schedulerCommandAs(spec: ServiceSpec, subcommand: "run" | "observe"): string[] {
  const command = spec.command ?? [];
  if (command.at(-1) !== "schedule")
    throw new Error(
      `services.${spec.name}.command: expected a "... schedule" command, received ${JSON.stringify(command)}`,
    );
  return [...command.slice(0, -1), subcommand];
}
