import { DOCKER_NODE } from "./dockerNode.js";
import { CLUSTER_DOMAIN, firstHostIp, LOOPBACK, SERVICE_CIDR } from "./network.js";

/** A certificate the cluster's CA signs: <name>.crt and <name>.key under pki/. */
export interface CertSpec {
  name: string;
  /** CN: the user name the apiserver (or etcd) sees. */
  commonName: string;
  /** O: the groups that user is in. */
  organizations: string[];
  usages: ("serverAuth" | "clientAuth")[];
  /** subjectAltName entries (`DNS:…`, `IP:…`); empty for client certificates. */
  altNames: string[];
}

export const CA_NAME = "ca";

/**
 * The identities that hold a kubeconfig, each with its own client certificate. The admin is in
 * system:masters (the one group RBAC cannot restrict); the controllers' users are the ones the default
 * RBAC policy grants (system:kube-controller-manager, system:kube-scheduler); the kubelet is
 * system:node:<node> in system:nodes (the Node authorizer and NodeRestriction admit it for its own node
 * only); kube-proxy is system:kube-proxy (bound by default to system:node-proxier); kwok's and CoreDNS's
 * users are bound to their ClusterRoles in manifests.ts and nodeManifests.ts.
 */
export const USERS = {
  admin: { commonName: "verifier-admin", organizations: ["system:masters"] },
  "kube-controller-manager": { commonName: "system:kube-controller-manager", organizations: [] },
  "kube-scheduler": { commonName: "system:kube-scheduler", organizations: [] },
  kwok: { commonName: "verifier:kwok-controller", organizations: [] },
  kubelet: { commonName: `system:node:${DOCKER_NODE.name}`, organizations: ["system:nodes"] },
  "kube-proxy": { commonName: "system:kube-proxy", organizations: [] },
  coredns: { commonName: "verifier:coredns", organizations: [] },
} as const satisfies Record<string, Pick<CertSpec, "commonName" | "organizations">>;
export type User = keyof typeof USERS;

/** The apiserver's user when it calls a kubelet (exec, logs, port-forward); bound to system:kubelet-api-admin. */
export const APISERVER_KUBELET_CLIENT = {
  name: "apiserver-kubelet-client",
  commonName: "kube-apiserver-kubelet-client",
};
/** The kubelet's serving certificate: what the apiserver checks (--kubelet-certificate-authority) when it calls it. */
export const KUBELET_SERVING = "kubelet-serving";

/** The names the apiserver answers to: loopback, and what pods use to reach it. */
export const APISERVER_ALT_NAMES = [
  "DNS:localhost",
  "DNS:kubernetes",
  "DNS:kubernetes.default",
  "DNS:kubernetes.default.svc",
  `DNS:kubernetes.default.svc.${CLUSTER_DOMAIN}`,
  `IP:${LOOPBACK}`,
  `IP:${firstHostIp(SERVICE_CIDR)}`,
];

/** The names a docker-runtime node's kubelet answers to: its Node name, its InternalIP, and loopback. */
export const KUBELET_ALT_NAMES = [`DNS:${DOCKER_NODE.name}`, `IP:${DOCKER_NODE.ip}`, `IP:${LOOPBACK}`];

const server = (name: string, commonName: string, altNames: string[]): CertSpec => ({
  name,
  commonName,
  organizations: [],
  usages: ["serverAuth"],
  altNames,
});
const client = (name: string, commonName: string, organizations: readonly string[]): CertSpec => ({
  name,
  commonName,
  organizations: [...organizations],
  usages: ["clientAuth"],
  altNames: [],
});

/**
 * Every certificate of a cluster besides the CA: serving, etcd (mutual TLS), the apiserver's as a
 * kubelet client, and one per user. A kwok cluster carries the node's few certificates unused, so that
 * one PKI serves both node runtimes.
 */
export function certificatePlan(): CertSpec[] {
  return [
    server("kube-apiserver", "kube-apiserver", APISERVER_ALT_NAMES),
    server("etcd-server", "etcd", ["DNS:localhost", `IP:${LOOPBACK}`]),
    server(KUBELET_SERVING, `system:node:${DOCKER_NODE.name}`, KUBELET_ALT_NAMES),
    client("apiserver-etcd-client", "kube-apiserver-etcd-client", []),
    client(APISERVER_KUBELET_CLIENT.name, APISERVER_KUBELET_CLIENT.commonName, []),
    ...Object.entries(USERS).map(([name, u]) => client(name, u.commonName, u.organizations)),
  ];
}

export const subjectOf = (c: CertSpec): string =>
  [`/CN=${c.commonName}`, ...c.organizations.map((o) => `/O=${o}`)].join("");

/** The x509 v3 extensions of a leaf certificate (openssl x509 -extfile). */
export function extensionsOf(c: CertSpec): string {
  return [
    "basicConstraints=critical,CA:FALSE",
    "keyUsage=critical,digitalSignature,keyEncipherment",
    `extendedKeyUsage=${c.usages.join(",")}`,
    ...(c.altNames.length > 0 ? [`subjectAltName=${c.altNames.join(",")}`] : []),
  ].join("\n");
}
