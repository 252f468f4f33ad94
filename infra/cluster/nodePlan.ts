import { basename, dirname, join } from "node:path";
import { DOCKER_NODE } from "./dockerNode.js";
import type { ClusterPaths } from "./paths.js";
import type { PlanInput, ProcessSpec } from "./planTypes.js";
import { APISERVER_KUBELET_CLIENT } from "./pkiPlan.js";

/**
 * The pod sandbox image, imported from the build's pause.tar (nodeHost.ts) and named after the build's
 * cache key: a new build gives a new name, and no registry is ever asked for it (it is always present).
 */
export const sandboxImageRef = (binDir: string): string => `verifier-cluster/pause:${basename(dirname(binDir))}`;

/** cri-dockerd's endpoint, as the kubelet and cri-dockerd name it. */
export const criEndpoint = (p: PlanInput): string => `unix://${p.paths.node.criSocket}`;

/**
 * A docker-runtime node's components, in start order: cri-dockerd (CRI on the host's Docker engine, pod
 * networking by CNI), the kubelet, kube-proxy (iptables), CoreDNS. Each one's configuration file is
 * written by nodeUp.ts from nodeConfig.ts and nodeNetworkConfig.ts; the argv only points at it.
 */
export function dockerNodePlan(p: PlanInput): ProcessSpec[] {
  return [criDockerd(p), kubelet(p), kubeProxy(p), coredns(p)];
}

function criDockerd(p: PlanInput): ProcessSpec {
  const n = p.paths.node;
  return {
    component: "cri-dockerd",
    argv: [join(p.binDir, "cri-dockerd"), `--container-runtime-endpoint=${criEndpoint(p)}`]
      .concat([`--cri-dockerd-root-directory=${n.criRoot}`, `--docker-endpoint=${DOCKER_NODE.dockerEndpoint}`])
      .concat([`--pod-infra-container-image=${sandboxImageRef(p.binDir)}`, "--network-plugin=cni"])
      .concat([`--cni-conf-dir=${n.cniConfDir}`, `--cni-bin-dir=${DOCKER_NODE.cniBinDir}`])
      .concat([`--cni-cache-dir=${n.cniCacheDir}`, `--streaming-bind-addr=127.0.0.1`]),
    socket: n.criSocket, // the kubelet exits when its runtime does not answer
  };
}

function kubelet(p: PlanInput): ProcessSpec {
  const n = p.paths.node;
  return {
    component: "kubelet",
    argv: [join(p.binDir, "kubelet"), `--config=${n.kubeletConfig}`, `--kubeconfig=${p.paths.kubeconfig("kubelet")}`]
      .concat([`--root-dir=${n.kubeletRoot}`, `--cert-dir=${join(n.kubeletRoot, "pki")}`])
      .concat([`--hostname-override=${DOCKER_NODE.name}`, `--node-ip=${DOCKER_NODE.ip}`]),
  };
}

function kubeProxy(p: PlanInput): ProcessSpec {
  return {
    component: "kube-proxy",
    argv: [join(p.binDir, "kube-proxy"), `--config=${p.paths.node.kubeProxyConfig}`],
  };
}

function coredns(p: PlanInput): ProcessSpec {
  return { component: "coredns", argv: [join(p.binDir, "coredns"), `-conf=${p.paths.node.corefile}`] };
}

/** kube-proxy's own undo: removes every rule and chain it made (iptables, ipvs, nftables), then exits. */
export const kubeProxyCleanup = (binDir: string): string[] => [join(binDir, "kube-proxy"), "--cleanup"];

/** How the apiserver calls a real kubelet (exec, logs): its own client certificate, the kubelet's checked. */
export const apiserverKubeletFlags = (paths: ClusterPaths): string[] => [
  `--kubelet-client-certificate=${paths.cert(APISERVER_KUBELET_CLIENT.name)}`,
  `--kubelet-client-key=${paths.key(APISERVER_KUBELET_CLIENT.name)}`,
  `--kubelet-certificate-authority=${paths.cert("ca")}`,
  "--kubelet-preferred-address-types=InternalIP",
];
