import { firstHostIp, POD_CIDR } from "./network.js";

/**
 * The one docker-runtime node a host can run. Its names are host-wide and fixed (the Node, the bridge,
 * the CNI network, the iptables chain, the ports on its address), so a second docker-runtime cluster on
 * the same host is refused (nodeClaim.ts) instead of fighting over them.
 */
export const DOCKER_NODE = {
  /** The Node's name: the kubelet's --hostname-override and the CN of its certificate (system:node:<name>). */
  name: "verifier-node",
  /** The Linux bridge the pods hang off (CNI bridge plugin); made by `up` so that it exists before anything binds to it. */
  bridge: "verifier-cni0",
  /** The CNI network's name (its conflist), and so the host-local IPAM's directory name. */
  cniNetwork: "verifier-pods",
  /** The bridge's address: the pods' gateway, the Node's InternalIP (apiserver → kubelet), and CoreDNS's address. */
  ip: firstHostIp(POD_CIDR),
  /**
   * The filter chain that lets the pods' traffic through FORWARD, whose policy Docker sets to DROP (the
   * bridge's traffic is filtered: bridge-nf-call-iptables=1).
   */
  forwardChain: "VERIFIER-PODS",
  /** Where each node component listens on the node's address. */
  ports: { kubelet: 10250, kubeletHealthz: 10248, proxyHealthz: 10256, proxyMetrics: 10249, dns: 53, dnsReady: 8181 },
  /** The Docker engine cri-dockerd drives (the host's own). */
  dockerEndpoint: "unix:///var/run/docker.sock",
  /** The CNI plugins (Debian's containernetworking-plugins: bridge, host-local, loopback, portmap). */
  cniBinDir: "/usr/lib/cni",
  /** Where the kubelet always links container logs (a fixed path, not configurable): down removes our links. */
  containerLogLinks: "/var/log/containers",
  /** The kubelet's device-plugin socket, at a fixed path whatever its --root-dir: down removes it. */
  devicePluginSocket: "/var/lib/kubelet/device-plugins/kubelet.sock",
} as const;

/**
 * The kernel settings the kubelet sets at start (overcommit always, reboot 10 s after a panic, panic on
 * oops, key quotas) when they differ, with no way to turn that off short of refusing to start
 * (protectKernelDefaults). `up` records them before the kubelet starts; `down` puts them back.
 */
export const KERNEL_TUNABLES = [
  "vm.overcommit_memory",
  "vm.panic_on_oom",
  "kernel.panic",
  "kernel.panic_on_oops",
  "kernel.keys.root_maxkeys",
  "kernel.keys.root_maxbytes",
] as const;

/** The label cri-dockerd puts on every container it makes (sandbox or container) and the pod UID label. */
export const CRI_DOCKERD_LABELS = { type: "io.kubernetes.docker.type", podUid: "io.kubernetes.pod.uid" } as const;
