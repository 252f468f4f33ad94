import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { EnvironmentModel } from "../../model/types.js";
import type { Build } from "../components/build.js";
import { objectLabels } from "./labels.js";
import { networkPolicies } from "./networkPolicies.js";

/** Pod Security "restricted" is enforced (and warned and audited) for every pod of the namespace. */
export const POD_SECURITY_LABELS = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
  "pod-security.kubernetes.io/audit": "restricted",
};

/** The namespace and the NetworkPolicies that stand in for Docker's networks. */
export function kubeNetworks(
  model: EnvironmentModel,
  namespaceName: string,
): Build<Record<string, pulumi.Output<string>>> {
  return (parent, name) => {
    const labels = { ...objectLabels(model), ...POD_SECURITY_LABELS };
    // Deleting a namespace deletes every claim in it: `destroy` leaves it, so the data and backup claims
    // survive as Docker's kept volumes do (`kubectl delete namespace` removes them, data included).
    const ns = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      { metadata: { name: namespaceName, labels } },
      { parent, retainOnDelete: model.volumes.some((v) => v.keep) },
    );
    for (const policy of networkPolicies(model)) {
      new k8s.networking.v1.NetworkPolicy(
        `${name}-${policy.name}`,
        {
          metadata: { name: policy.name, namespace: ns.metadata.name, labels: objectLabels(model) },
          spec: policy.spec,
        },
        { parent },
      );
    }
    return { namespace: ns.metadata.name };
  };
}
