import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Build } from "../components/build.js";
import { TargetError } from "../errors.js";
import { claimOf, type KubeContext } from "./context.js";
import { objectLabels } from "./labels.js";

/**
 * The backup claim, retained on delete like the Docker volume. Postgres data is claimed by its
 * StatefulSet; Prometheus data belongs to the cluster's Prometheus. ReadWriteOnce: the backup job is
 * scheduled beside Postgres (pod affinity) when WAL archiving shares the claim.
 */
export function kubeStorage(ctx: Omit<KubeContext, "claims">): Build<Record<string, pulumi.Output<string>>> {
  return (parent, name) => {
    const backups = ctx.model.volumes.find((v) => v.name === "backups");
    if (!backups) throw new Error(`the model of ${ctx.model.stack} has no backups volume`);
    if (backups.hostPath)
      throw new TargetError(
        "backup.location",
        JSON.stringify(backups.hostPath),
        "a volume name on Kubernetes (host paths are Docker-only)",
      );
    const { size, storageClass } = claimOf(ctx, "backups");
    const claim = new k8s.core.v1.PersistentVolumeClaim(
      `${name}-backups`,
      {
        metadata: { name: "backups", namespace: ctx.namespace, labels: objectLabels(ctx.model) },
        spec: {
          accessModes: ["ReadWriteOnce"],
          ...(storageClass ? { storageClassName: storageClass } : {}),
          resources: { requests: { storage: size } },
        },
      },
      { parent, retainOnDelete: backups.keep },
    );
    return { backups: claim.metadata.name };
  };
}
