import { DOCKER_NODE } from "./dockerNode.js";
import { POD_CIDR, prefixOf } from "./network.js";

/** One host command; `unless` (a probe) succeeding skips it, `onlyIf` failing skips it. */
export interface HostStep {
  argv: string[];
  unless?: string[];
  onlyIf?: string[];
}

const { bridge, ip, forwardChain: chain } = DOCKER_NODE;
const linkExists = ["ip", "link", "show", "dev", bridge];
const chainExists = ["iptables", "-w", "-n", "-L", chain];
const jump = ["FORWARD", "-j", chain];

/**
 * What a docker-runtime node needs on the host before its components start: the pods' bridge, up, with
 * the gateway address (the CNI bridge plugin finds it as it would have made it; the kubelet, kube-proxy
 * and CoreDNS bind to that address at once), and a FORWARD chain that lets traffic from the pods (and
 * replies to them) through Docker's DROP policy. Idempotent: every step is skipped or harmless when done.
 */
export function hostNetworkUp(): HostStep[] {
  return [
    { argv: ["ip", "link", "add", bridge, "type", "bridge"], unless: linkExists },
    { argv: ["ip", "addr", "replace", `${ip}/${prefixOf(POD_CIDR)}`, "dev", bridge] },
    { argv: ["ip", "link", "set", bridge, "up"] },
    { argv: ["iptables", "-w", "-N", chain], unless: chainExists },
    { argv: ["iptables", "-w", "-F", chain] },
    { argv: ["iptables", "-w", "-A", chain, "-i", bridge, "-s", POD_CIDR, "-j", "ACCEPT"] },
    {
      argv: ["iptables", "-w", "-A", chain, "-o", bridge, "-d", POD_CIDR].concat([
        "-m",
        "conntrack",
        "--ctstate",
        "RELATED,ESTABLISHED",
        "-j",
        "ACCEPT",
      ]),
    },
    { argv: ["iptables", "-w", "-I", "FORWARD", "1", "-j", chain], unless: ["iptables", "-w", "-C", ...jump] },
  ];
}

/** Undoes hostNetworkUp: the FORWARD jump, the chain, the bridge (its veths are gone with the pods). */
export function hostNetworkDown(): HostStep[] {
  return [
    { argv: ["iptables", "-w", "-D", ...jump], onlyIf: ["iptables", "-w", "-C", ...jump] },
    { argv: ["iptables", "-w", "-F", chain], onlyIf: chainExists },
    { argv: ["iptables", "-w", "-X", chain], onlyIf: chainExists },
    { argv: ["ip", "link", "delete", bridge], onlyIf: linkExists },
  ];
}

/** The probes that tell the host network is still there (each answers true while its part remains). */
export const hostNetworkProbes = { bridge: linkExists, chain: chainExists } as const;
