import type { Manifest } from "./manifests.js";
import { APISERVER_KUBELET_CLIENT, USERS } from "./pkiPlan.js";

export const COREDNS_ROLE = "verifier:coredns";
/** The default ClusterRole for callers of the kubelet's API (exec, logs, port-forward, stats). */
const KUBELET_API_ADMIN = "system:kubelet-api-admin";
const APISERVER_TO_KUBELET = "verifier:apiserver-kubelet-client";

/** What CoreDNS's kubernetes plugin reads: Services, their EndpointSlices, and namespaces. */
const COREDNS_RULES = [
  { apiGroups: [""], resources: ["services", "namespaces"], verbs: ["list", "watch"] },
  { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
];

const userBinding = (name: string, role: string, user: string): Manifest => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRoleBinding",
  metadata: { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
  subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: user }],
});

/**
 * What a docker-runtime cluster applies once the apiserver is ready: the apiserver may call the kubelet
 * (the kubelet asks the apiserver whether it may: Webhook authorization), and CoreDNS may read what it
 * answers from. The kubelet registers its Node itself (Node authorizer, NodeRestriction); kube-proxy's
 * user is bound by the default policy (system:node-proxier).
 */
export function dockerNodeManifests(): Manifest[] {
  return [
    userBinding(APISERVER_TO_KUBELET, KUBELET_API_ADMIN, APISERVER_KUBELET_CLIENT.commonName),
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: COREDNS_ROLE },
      rules: COREDNS_RULES,
    },
    userBinding(COREDNS_ROLE, COREDNS_ROLE, USERS.coredns.commonName),
  ];
}
