import { existsSync } from "node:fs";
import { join } from "node:path";
import { succeeds } from "../exec/run.js";
import { DOCKER_NODE } from "./dockerNode.js";
import { hostNetworkProbes } from "./hostNetworkPlan.js";
import { criContainers, kubeChainsLeft, logLinksOf, mountsOf } from "./nodeCleanup.js";
import { holdsDockerNode } from "./nodeClaim.js";
import { kubeProxyCleanup } from "./nodePlan.js";
import type { ClusterPaths, Component } from "./paths.js";
import { isRunning } from "./processes.js";
import type { ClusterState } from "./state.js";
import { tunablesDiffering } from "./sysctls.js";

const NODE_PROCESSES: Component[] = ["cri-dockerd", "kubelet", "kube-proxy", "coredns"];

/**
 * What a docker-runtime node still has on the host after its teardown, one line each with the command
 * that removes it: processes, containers (its pods' UIDs, or any cri-dockerd made while it holds the
 * host's node), mounts under its state directory, KUBE-* chains, the bridge and FORWARD chain, and the
 * kubelet's files outside the state directory, and kernel settings it changed.
 */
export async function nodeLeftovers(state: ClusterState, paths: ClusterPaths, podUids: Set<string>): Promise<string[]> {
  const left: string[] = [];
  const alive = NODE_PROCESSES.filter((c) => state.pids[c] && isRunning(state.pids[c], join(state.binDir, c)));
  if (alive.length > 0) left.push(`processes ${alive.map((c) => `${c} (pid ${state.pids[c]})`).join(", ")}: kill them`);
  const everyCri = holdsDockerNode(paths.root);
  const ids = (await criContainers()).filter((c) => everyCri || podUids.has(c.podUid)).map((c) => c.id);
  if (ids.length > 0) left.push(`containers ${ids.join(" ")}: docker rm --force --volumes ${ids.join(" ")}`);
  const mounts = mountsOf(paths);
  if (mounts.length > 0) left.push(`mounts ${mounts.join(" ")}: umount --lazy ${mounts.join(" ")}`);
  const chains = await kubeChainsLeft();
  if (chains.length > 0)
    left.push(
      `chains ${chains.join(", ")}: ${kubeProxyCleanup(state.binDir).join(" ")}, then <tool> -t <table> -F <chain> and -X <chain> for each left`,
    );
  if (await succeeds(hostNetworkProbes.chain))
    left.push(
      `iptables chain ${DOCKER_NODE.forwardChain}: iptables -D FORWARD -j ${DOCKER_NODE.forwardChain}; iptables -F ${DOCKER_NODE.forwardChain}; iptables -X ${DOCKER_NODE.forwardChain}`,
    );
  if (await succeeds(hostNetworkProbes.bridge))
    left.push(`bridge ${DOCKER_NODE.bridge}: ip link delete ${DOCKER_NODE.bridge}`);
  const files = [
    ...logLinksOf(paths),
    ...(existsSync(DOCKER_NODE.devicePluginSocket) ? [DOCKER_NODE.devicePluginSocket] : []),
  ];
  if (files.length > 0) left.push(`files ${files.join(" ")}: rm ${files.join(" ")}`);
  const sysctls = tunablesDiffering(paths);
  if (sysctls.length > 0) left.push(`kernel settings the kubelet changed: ${sysctls.join("; ")}`);
  return left;
}
