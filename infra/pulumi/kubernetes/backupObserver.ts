import type { IDeploymentSpec } from "kubernetes-models/apps/v1/DeploymentSpec";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IProbe } from "kubernetes-models/v1/Probe";
import type { EnvironmentModel, ServiceSpec } from "../../model/types.js";
import { selectorLabels } from "./labels.js";
import { schedulerCommandAs } from "./workloads.js";

/**
 * On Kubernetes each backup is a one-shot Job that nobody scrapes, so the backup-age and WAL alerts would
 * read nothing. One more pod of the backup image runs `observe`: it mounts the backups claim read-only
 * and serves the metrics of what the claim holds (the newest verified backup's time, the newest archived
 * WAL segment's), re-read every BACKUP_OBSERVE_SECONDS. It never backs up and never writes.
 */
export const OBSERVER_LABEL = { "verifier/backup-process": "observer" } as const;

/** The observer's pods: the backup's selector plus a label no Job pod carries, so its Service selects it alone. */
export const observerLabels = (model: EnvironmentModel): Record<string, string> => ({
  ...selectorLabels(model, "backup"),
  ...OBSERVER_LABEL,
});

/** The scheduler's command with `observe` for `schedule`; its backups mount read-only. */
export function observerService(spec: ServiceSpec): ServiceSpec {
  return {
    ...spec,
    command: schedulerCommandAs(spec, "observe"),
    mounts: spec.mounts.map((m) => ({ ...m, readOnly: true })),
  };
}

/** One replica; liveness and readiness on the metrics port's /health/live (the Docker healthcheck names a Docker alias). */
export function observerDeploymentSpec(model: EnvironmentModel, pod: IPodSpec): IDeploymentSpec {
  const labels = observerLabels(model);
  const probe: IProbe = { httpGet: { path: "/health/live", port: "metrics" }, periodSeconds: 10, timeoutSeconds: 5 };
  const containers = pod.containers.map((c) => ({
    ...c,
    livenessProbe: { ...probe, initialDelaySeconds: 10, failureThreshold: 6 },
    readinessProbe: { ...probe, failureThreshold: 3 },
  }));
  return {
    replicas: 1,
    // Never two: the old pod lets go of the ReadWriteOnce claim's node before the new one starts.
    strategy: { type: "Recreate" },
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { ...pod, containers } },
  };
}
