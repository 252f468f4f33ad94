import { DOCKER_NODE } from "./dockerNode.js";
import { CLUSTER_DOMAIN, POD_CIDR } from "./network.js";
import type { ClusterPaths } from "./paths.js";
import { KUBELET_SERVING } from "./pkiPlan.js";

const { ip, ports } = DOCKER_NODE;

/**
 * The kubelet's KubeletConfiguration. Callers are authenticated by client certificate (the cluster CA)
 * or token (webhook) and authorized by the apiserver (Webhook); it serves on the node's address with a
 * certificate the apiserver checks. cgroupfs is dockerd's driver (`docker info`); QoS cgroups are off so
 * that the kubelet makes no cgroup of its own (docker's per-container ones only), and cgroup v1 is
 * allowed (this host). Eviction thresholds sit at 1% so a full-ish shared disk evicts nothing, and image
 * garbage collection is off (100%): the engine's other images are not the kubelet's to delete. No host
 * resolv.conf is inherited; the cluster's DNS is CoreDNS on the node's address.
 */
export function kubeletConfig(paths: ClusterPaths): Record<string, unknown> {
  return {
    apiVersion: "kubelet.config.k8s.io/v1beta1",
    kind: "KubeletConfiguration",
    address: ip,
    port: ports.kubelet,
    readOnlyPort: 0,
    healthzBindAddress: ip,
    healthzPort: ports.kubeletHealthz,
    tlsCertFile: paths.cert(KUBELET_SERVING),
    tlsPrivateKeyFile: paths.key(KUBELET_SERVING),
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: paths.cert("ca") },
    },
    authorization: { mode: "Webhook" },
    containerRuntimeEndpoint: `unix://${paths.node.criSocket}`,
    cgroupDriver: "cgroupfs",
    cgroupsPerQOS: false,
    enforceNodeAllocatable: [],
    failCgroupV1: false,
    failSwapOn: false,
    clusterDNS: [ip],
    clusterDomain: CLUSTER_DOMAIN,
    resolvConf: "",
    podLogsDir: paths.node.podLogs,
    volumePluginDir: paths.node.volumePlugins,
    evictionHard: { "memory.available": "100Mi", "nodefs.available": "1%", "imagefs.available": "1%" },
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    rotateCertificates: false,
    serverTLSBootstrap: false,
    oomScoreAdj: 0, // below 0 needs CAP_SYS_RESOURCE, which this host's container lacks
  };
}

/**
 * kube-proxy's KubeProxyConfiguration: iptables mode for the pod range, listening on the node's address
 * only, and leaving the host's kernel settings alone (no conntrack table sizing or timeouts, no
 * route_localnet for localhost NodePorts).
 */
export function kubeProxyConfig(paths: ClusterPaths): Record<string, unknown> {
  return {
    apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
    kind: "KubeProxyConfiguration",
    mode: "iptables",
    clientConnection: { kubeconfig: paths.kubeconfig("kube-proxy") },
    hostnameOverride: DOCKER_NODE.name,
    bindAddress: ip,
    healthzBindAddress: `${ip}:${ports.proxyHealthz}`,
    metricsBindAddress: `${ip}:${ports.proxyMetrics}`,
    clusterCIDR: POD_CIDR,
    nodePortAddresses: [`${ip}/32`],
    iptables: { localhostNodePorts: false },
    conntrack: { maxPerCore: 0, tcpEstablishedTimeout: "0s", tcpCloseWaitTimeout: "0s" },
    oomScoreAdj: 0,
  };
}
