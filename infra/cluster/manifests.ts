import { KWOK_NODE_ANNOTATION } from "./plan.js";
import { USERS } from "./pkiPlan.js";

/** A Kubernetes object as `kubectl apply` takes it. */
export type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & { name: string };
};

export const KWOK_ROLE = "verifier:kwok-controller";
export const nodeName = (i: number): string => `kwok-node-${i}`;
/** The namespace where each node's kubelet (here kwok) holds a Lease named after the node. */
export const NODE_LEASE_NAMESPACE = "kube-node-lease";

/** What kwok's controller does as a kubelet (kwok's kustomize/rbac role, less its own CRDs: stages come from a file). */
const KWOK_RULES = [
  { apiGroups: [""], resources: ["events"], verbs: ["create", "patch", "update"] },
  { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch"] },
  { apiGroups: [""], resources: ["nodes/status", "pods/status"], verbs: ["patch", "update"] },
  { apiGroups: [""], resources: ["pods"], verbs: ["delete", "get", "list", "patch", "update", "watch"] },
  {
    apiGroups: ["coordination.k8s.io"],
    resources: ["leases"],
    verbs: ["create", "get", "list", "patch", "update", "watch"],
  },
];

export function kwokRbac(): Manifest[] {
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: KWOK_ROLE },
      rules: KWOK_RULES,
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: KWOK_ROLE },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: KWOK_ROLE },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: USERS.kwok.commonName }],
    },
  ];
}

/**
 * kwok's documented fake node, without its NoSchedule taint: these are the only nodes, so every workload
 * must land on them without a toleration. kwok's node-initialize stage fills in conditions and addresses.
 */
export function kwokNode(i: number): Manifest {
  const name = nodeName(i);
  const resources = { cpu: "32", memory: "256Gi", pods: "110" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      annotations: { [KWOK_NODE_ANNOTATION.key]: KWOK_NODE_ANNOTATION.value, "node.alpha.kubernetes.io/ttl": "0" },
      labels: {
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/role": "agent",
        "node-role.kubernetes.io/agent": "",
        type: "kwok",
      },
    },
    status: { allocatable: resources, capacity: resources },
  };
}

/** Everything `up` applies once the apiserver is ready: kwok's permissions, then its nodes. */
export function bootstrapManifests(nodes: number): Manifest[] {
  return [...kwokRbac(), ...Array.from({ length: nodes }, (_, i) => kwokNode(i))];
}
