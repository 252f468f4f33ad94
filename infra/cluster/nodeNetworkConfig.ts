import { DOCKER_NODE } from "./dockerNode.js";
import { CLUSTER_DOMAIN, POD_CIDR } from "./network.js";
import type { ClusterPaths } from "./paths.js";

/** The conflist's file name in the CNI configuration directory (the only one there). */
export const CNI_CONFLIST = `10-${DOCKER_NODE.cniNetwork}.conflist`;

/**
 * The pods' network (CNI, run by cri-dockerd): a veth on the node's bridge, whose address is the pods'
 * gateway and default route (ClusterIPs are reached through it: kube-proxy's DNAT); addresses from the
 * pod range (host-local, its leases under the state directory); hairpin on, so a pod reaches itself
 * through its own Service; no masquerade (nothing beyond this host is reachable anyway); portmap for
 * hostPort.
 */
export function cniConflist(paths: ClusterPaths): Record<string, unknown> {
  return {
    cniVersion: "1.0.0",
    name: DOCKER_NODE.cniNetwork,
    plugins: [
      {
        type: "bridge",
        bridge: DOCKER_NODE.bridge,
        isGateway: true,
        ipMasq: false,
        hairpinMode: true,
        ipam: {
          type: "host-local",
          ranges: [[{ subnet: POD_CIDR, gateway: DOCKER_NODE.ip }]],
          routes: [{ dst: "0.0.0.0/0" }],
          dataDir: paths.node.cniIpamDir,
        },
      },
      { type: "portmap", capabilities: { portMappings: true } },
    ],
  };
}

/**
 * CoreDNS's Corefile: the cluster domain answered from the API (Services, their endpoints, namespaces) on
 * the node's address, with a kubeconfig of its own; readiness once the API is synced. Nothing else is
 * served or forwarded: this host has no upstream DNS to offer.
 */
export function corefile(paths: ClusterPaths): string {
  const { ip, ports } = DOCKER_NODE;
  return [
    `${CLUSTER_DOMAIN}:${ports.dns} {`,
    `    bind ${ip}`,
    `    ready ${ip}:${ports.dnsReady}`,
    "    errors",
    "    cache 5",
    `    kubernetes ${CLUSTER_DOMAIN} {`,
    `        kubeconfig ${paths.kubeconfig("coredns")}`,
    "    }",
    "}",
    "",
  ].join("\n");
}
