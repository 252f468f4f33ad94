import { join } from "node:path";
import { LOOPBACK, POD_CIDR, SERVICE_CIDR, CLUSTER_DOMAIN } from "./network.js";
import { apiserverKubeletFlags, dockerNodePlan } from "./nodePlan.js";
import type { PlanInput, ProcessSpec } from "./planTypes.js";
import type { Ports } from "./state.js";

export type { PlanInput, ProcessSpec } from "./planTypes.js";

/** The annotation kwok manages nodes by, and the value the registered nodes carry (kwok's documented node). */
export const KWOK_NODE_ANNOTATION = { key: "kwok.x-k8s.io/node", value: "fake" } as const;
/** The service-account token issuer (the apiserver also serves its discovery document). */
export const SERVICE_ACCOUNT_ISSUER = `https://kubernetes.default.svc.${CLUSTER_DOMAIN}`;
/** The lease kwok renews for each node (seconds), as kwokctl runs it: the node stays Ready. */
export const KWOK_NODE_LEASE_SECONDS = 40;

/**
 * The controllers the workloads need: Deployments, ReplicaSets, StatefulSets, Jobs and CronJobs; the
 * namespace lifecycle; service accounts and their tokens (and the kube-root-ca.crt each namespace gets);
 * owner-reference cascades, finished-Job cleanup, Services' endpoints and endpoint slices (Pulumi's
 * Service await reads the core/v1 Endpoints), quotas, disruption budgets
 * and the aggregated admin/edit/view roles; and node lifecycle, which lifts the not-ready taint the
 * apiserver puts on every new node once kwok reports it Ready; and claims binding to the volumes an
 * administrator made (no provisioner runs), with the protections that keep a claim in use and its volume.
 * Left out: node IPAM (kwok gives pod IPs), taint eviction, attach/detach and expansion (host paths need
 * neither), certificate signing, bootstrap tokens.
 */
export const CONTROLLERS = [
  "deployment-controller",
  "replicaset-controller",
  "statefulset-controller",
  "job-controller",
  "cronjob-controller",
  "namespace-controller",
  "serviceaccount-controller",
  "serviceaccount-token-controller",
  "root-ca-certificate-publisher-controller",
  "garbage-collector-controller",
  "ttl-after-finished-controller",
  "pod-garbage-collector-controller",
  "endpoints-controller",
  "endpointslice-controller",
  "resourcequota-controller",
  "disruption-controller",
  "clusterrole-aggregation-controller",
  "node-lifecycle-controller",
  "persistentvolume-binder-controller",
  "persistentvolume-protection-controller",
  "persistentvolumeclaim-protection-controller",
];

export const apiserverUrl = (ports: Ports): string => `https://${LOOPBACK}:${ports.apiserver}`;

/**
 * The argv of every component, in start order. The control plane and kwok listen on 127.0.0.1 only; a
 * docker-runtime node's components listen on the node's bridge address (nodePlan.ts).
 */
export function processPlan(p: PlanInput): ProcessSpec[] {
  const node = p.nodeRuntime === "docker" ? dockerNodePlan(p) : [kwok(p)];
  return [etcd(p), apiserver(p), controllerManager(p), scheduler(p), ...node];
}

function etcd({ name, binDir, paths, ports }: PlanInput): ProcessSpec {
  const client = `https://${LOOPBACK}:${ports.etcdClient}`;
  const peer = `http://${LOOPBACK}:${ports.etcdPeer}`; // one member: no peer ever connects
  return {
    component: "etcd",
    argv: [join(binDir, "etcd"), `--name=${name}`, `--data-dir=${paths.etcdData}`]
      .concat([`--listen-client-urls=${client}`, `--advertise-client-urls=${client}`])
      .concat([`--listen-peer-urls=${peer}`, `--initial-advertise-peer-urls=${peer}`])
      .concat([`--initial-cluster=${name}=${peer}`, "--initial-cluster-state=new"])
      .concat([`--cert-file=${paths.cert("etcd-server")}`, `--key-file=${paths.key("etcd-server")}`])
      .concat(["--client-cert-auth=true", `--trusted-ca-file=${paths.cert("ca")}`, "--log-level=warn"]),
  };
}

function apiserver({ binDir, paths, ports, nodeRuntime }: PlanInput): ProcessSpec {
  return {
    component: "kube-apiserver",
    argv: [join(binDir, "kube-apiserver"), `--advertise-address=${LOOPBACK}`, `--bind-address=${LOOPBACK}`]
      .concat([`--secure-port=${ports.apiserver}`, `--etcd-servers=https://${LOOPBACK}:${ports.etcdClient}`])
      .concat([`--etcd-cafile=${paths.cert("ca")}`, `--etcd-certfile=${paths.cert("apiserver-etcd-client")}`])
      .concat([`--etcd-keyfile=${paths.key("apiserver-etcd-client")}`, `--client-ca-file=${paths.cert("ca")}`])
      .concat([
        `--tls-cert-file=${paths.cert("kube-apiserver")}`,
        `--tls-private-key-file=${paths.key("kube-apiserver")}`,
      ])
      .concat(["--authorization-mode=Node,RBAC", "--enable-admission-plugins=NodeRestriction"])
      .concat([`--service-cluster-ip-range=${SERVICE_CIDR}`, `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`])
      .concat([`--service-account-key-file=${paths.serviceAccountPublicKey}`])
      .concat([`--service-account-signing-key-file=${paths.serviceAccountKey}`, "--allow-privileged=false"])
      // The apiserver refuses to publish a loopback address as the `kubernetes` Service's endpoint; no pod
      // ever runs here to call it, so that endpoint is not kept at all.
      .concat(["--endpoint-reconciler-type=none", "--profiling=false"])
      .concat(nodeRuntime === "docker" ? apiserverKubeletFlags(paths) : []),
  };
}

/** kube-controller-manager and kube-scheduler: their kubeconfig also authenticates callers of their own port. */
function delegated(user: "kube-controller-manager" | "kube-scheduler", { paths }: PlanInput, port: number): string[] {
  const kubeconfig = paths.kubeconfig(user);
  return [`--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`]
    .concat([`--authorization-kubeconfig=${kubeconfig}`, `--bind-address=${LOOPBACK}`, `--secure-port=${port}`])
    .concat(["--leader-elect=false", "--profiling=false"]); // one instance: no election to wait for
}

function controllerManager(p: PlanInput): ProcessSpec {
  return {
    component: "kube-controller-manager",
    argv: [
      join(p.binDir, "kube-controller-manager"),
      ...delegated("kube-controller-manager", p, p.ports.controllerManager),
    ]
      .concat(["--use-service-account-credentials=true", `--root-ca-file=${p.paths.cert("ca")}`])
      .concat([`--service-account-private-key-file=${p.paths.serviceAccountKey}`])
      .concat([`--service-cluster-ip-range=${SERVICE_CIDR}`, `--controllers=${CONTROLLERS.join(",")}`]),
  };
}

function scheduler(p: PlanInput): ProcessSpec {
  return {
    component: "kube-scheduler",
    argv: [join(p.binDir, "kube-scheduler"), ...delegated("kube-scheduler", p, p.ports.scheduler)],
  };
}

function kwok({ binDir, paths }: PlanInput): ProcessSpec {
  const { key, value } = KWOK_NODE_ANNOTATION;
  return {
    component: "kwok",
    argv: [join(binDir, "kwok"), `--kubeconfig=${paths.kubeconfig("kwok")}`]
      .concat([`--config=${join(binDir, "kwok-stages.yaml")}`, "--manage-all-nodes=false"])
      .concat([`--manage-nodes-with-annotation-selector=${key}=${value}`, `--cidr=${POD_CIDR}`])
      .concat([`--node-lease-duration-seconds=${KWOK_NODE_LEASE_SECONDS}`]),
  };
}
