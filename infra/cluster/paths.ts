import { join } from "node:path";

/** Where pods run: kwok's fake nodes (nothing runs), or one real node on this host's Docker engine. */
export const NODE_RUNTIMES = ["kwok", "docker"] as const;
export type NodeRuntime = (typeof NODE_RUNTIMES)[number];

const CONTROL_PLANE = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"] as const;
const NODE_COMPONENTS = { kwok: ["kwok"], docker: ["cri-dockerd", "kubelet", "kube-proxy", "coredns"] } as const;

/** Every component this runner may start, in start order (each one's log, pid and binary are named after it). */
export const COMPONENTS = [...CONTROL_PLANE, ...NODE_COMPONENTS.kwok, ...NODE_COMPONENTS.docker] as const;
export type Component = (typeof COMPONENTS)[number];

/** The components a cluster of that node runtime runs, in start order. */
export const componentsOf = (runtime: NodeRuntime): Component[] => [...CONTROL_PLANE, ...NODE_COMPONENTS[runtime]];

/** The files cluster/build.sh leaves in its bin directory. */
export const BINARIES = [
  ...CONTROL_PLANE,
  "kubectl",
  "kwok",
  "kwok-stages.yaml",
  ...NODE_COMPONENTS.docker,
  "pause.tar",
] as const;

/** Every file a cluster keeps, under its state directory: the one place these names are spelled. */
export function clusterPaths(stateDir: string) {
  const pki = join(stateDir, "pki");
  const kubeconfigs = join(stateDir, "kubeconfig");
  return {
    root: stateDir,
    state: join(stateDir, "cluster.json"),
    lock: join(stateDir, "up.lock"),
    etcdData: join(stateDir, "etcd"),
    logs: join(stateDir, "logs"),
    log: (c: Component) => join(stateDir, "logs", `${c}.log`),
    pki,
    cert: (name: string) => join(pki, `${name}.crt`),
    key: (name: string) => join(pki, `${name}.key`),
    serviceAccountPublicKey: join(pki, "service-account.pub"),
    serviceAccountKey: join(pki, "service-account.key"),
    kubeconfigs,
    /** The admin's kubeconfig (group system:masters): what `env` exports as KUBECONFIG. */
    adminKubeconfig: join(kubeconfigs, "admin.yaml"),
    kubeconfig: (user: string) => join(kubeconfigs, `${user}.yaml`),
    node: nodePaths(join(stateDir, "node")),
  };
}

/** A docker-runtime node's files: its components' configuration, sockets and data, all under <state>/node. */
function nodePaths(dir: string) {
  return {
    root: dir,
    criSocket: join(dir, "cri-dockerd.sock"),
    criRoot: join(dir, "cri-dockerd"),
    cniConfDir: join(dir, "cni"),
    cniCacheDir: join(dir, "cni-cache"),
    cniIpamDir: join(dir, "cni-ipam"),
    kubeletRoot: join(dir, "kubelet"),
    kubeletConfig: join(dir, "kubelet.yaml"),
    podLogs: join(dir, "pod-logs"),
    volumePlugins: join(dir, "volume-plugins"),
    kubeProxyConfig: join(dir, "kube-proxy.yaml"),
    corefile: join(dir, "Corefile"),
    /** The host's kernel settings before the kubelet first started (KERNEL_TUNABLES), for `down` to restore. */
    hostSysctls: join(dir, "host-sysctls.json"),
  };
}

export type ClusterPaths = ReturnType<typeof clusterPaths>;
