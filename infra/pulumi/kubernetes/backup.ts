import * as k8s from "@pulumi/kubernetes";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { ScheduleSpec } from "../../model/types.js";
import type { Build } from "../components/build.js";
import { imageOf, metadata, specOf, type KubeContext } from "./context.js";
import { selectorLabels } from "./labels.js";
import { podSpec } from "./podSpec.js";
import { observerDeploymentSpec, observerService } from "./backupObserver.js";
import { cronJobInput, deploymentInput } from "./pulumiTypes.js";
import { cronJobSpec, oneShotArgs } from "./workloads.js";

/**
 * The backup CronJob: same image and hardening as on Docker, one run at a time, the model's schedule and
 * retention; and its observer, which serves the metrics of what the backups claim holds (backupObserver.ts).
 */
export function kubeBackup(ctx: KubeContext, schedule: ScheduleSpec): Build<{ location: string }> {
  return (parent, name) => {
    const spec = specOf(ctx, "backup");
    const pod = podSpec(spec, {
      image: imageOf(ctx, spec, parent),
      secretName: ctx.secretName,
      claims: ctx.claims,
      probes: false,
      args: oneShotArgs(spec),
    });
    new k8s.batch.v1.CronJob(
      `${name}-cronjob`,
      {
        metadata: metadata(ctx, spec.name, spec),
        spec: cronJobInput(cronJobSpec(ctx.model, spec, schedule, besidePostgres(ctx, pod))),
      },
      { parent },
    );
    const observer = observerService(spec);
    const observerPod = podSpec(observer, {
      image: imageOf(ctx, spec, parent),
      secretName: ctx.secretName,
      claims: ctx.claims,
      probes: false,
    });
    new k8s.apps.v1.Deployment(
      `${name}-observer`,
      {
        metadata: metadata(ctx, `${spec.name}-observer`, spec),
        spec: deploymentInput(observerDeploymentSpec(ctx.model, besidePostgres(ctx, observerPod))),
      },
      { parent },
    );
    const location = ctx.claims.backups;
    if (!location) throw new Error("the backups claim is missing");
    return { location };
  };
}

/** With WAL archiving Postgres writes the same ReadWriteOnce claim: the job must run on its node. */
function besidePostgres(ctx: KubeContext, pod: IPodSpec): IPodSpec {
  const shared =
    !ctx.model.config.kubernetes?.externalDatabaseHost &&
    specOf(ctx, "postgres").mounts.some((m) => m.volume === "backups");
  if (!shared) return pod;
  const term = {
    labelSelector: { matchLabels: selectorLabels(ctx.model, "postgres") },
    topologyKey: "kubernetes.io/hostname",
  };
  return { ...pod, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } };
}
