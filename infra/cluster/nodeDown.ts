import { join } from "node:path";
import { say } from "../exec/progress.js";
import { run } from "../exec/run.js";
import { apiGet, isReady } from "./apiserver.js";
import { DOCKER_NODE } from "./dockerNode.js";
import { hostNetworkDown } from "./hostNetworkPlan.js";
import { runHostSteps } from "./nodeHost.js";
import { holdsDockerNode } from "./nodeClaim.js";
import * as cleanup from "./nodeCleanup.js";
import { nodeLeftovers } from "./nodeLeftovers.js";
import { kubeProxyCleanup } from "./nodePlan.js";
import type { ClusterPaths, Component } from "./paths.js";
import { apiserverUrl } from "./plan.js";
import { isRunning, stopProcess } from "./processes.js";
import type { ClusterState } from "./state.js";
import { restoreKernelTunables } from "./sysctls.js";

/** How long the pods may take to stop through the API before what is left is removed by force, in s. */
export const DRAIN_TIMEOUT_S = 60;

/** `kubectl delete` of every pod bound to the node, waiting (bounded) until the kubelet has stopped them. */
export const drainCommand = (binDir: string, paths: ClusterPaths): string[] =>
  [join(binDir, "kubectl"), `--kubeconfig=${paths.adminKubeconfig}`, "delete", "pods", "--all-namespaces"].concat([
    `--field-selector=spec.nodeName=${DOCKER_NODE.name}`,
    "--wait=true",
    `--timeout=${DRAIN_TIMEOUT_S}s`,
  ]);

/**
 * Takes a docker-runtime node apart and answers what is still left (empty: nothing). No new pods first
 * (controllers and scheduler stop); the pods are drained through the API while the kubelet runs; the
 * kubelet, kube-proxy and CoreDNS stop; what the drain left (containers of this node's pods by UID, or
 * any container cri-dockerd made while this cluster holds the host's node) is removed by force before
 * cri-dockerd stops; then the kubelet's mounts, kube-proxy's and the kubelet's chains, the pods' bridge
 * and FORWARD chain, and the kubelet's files outside the state directory go, and the kernel settings
 * the kubelet changed are put back. The control plane stays.
 */
export async function tearDownDockerNode(state: ClusterState, paths: ClusterPaths): Promise<string[]> {
  const running = (c: Component) => Boolean(state.pids[c] && isRunning(state.pids[c], join(state.binDir, c)));
  const uids = new Set([...(await apiPodUids(state, paths)), ...cleanup.kubeletPodUids(paths)]);
  await stopAll(state, ["kube-controller-manager", "kube-scheduler"]);
  if (running("kubelet") && (await isReady(apiserverUrl(state.ports), paths))) await drain(state, paths);
  await stopAll(state, ["coredns", "kube-proxy", "kubelet"]);
  for (const uid of cleanup.kubeletPodUids(paths)) uids.add(uid);
  if (holdsDockerNode(paths.root)) for (const c of await cleanup.criContainers()) uids.add(c.podUid);
  const forced = await cleanup.removePodContainers(uids);
  if (forced.length > 0) say(`removed ${forced.length} container(s) the drain left: ${forced.join(" ")}`);
  await stopAll(state, ["cri-dockerd"]);
  await cleanup.unmountAll(paths);
  await run(kubeProxyCleanup(state.binDir), { timeoutMs: 60_000 }).catch(() => undefined); // leftovers say
  await cleanup.removeKubeChains();
  await runHostSteps(hostNetworkDown(), `removing the pods' bridge ${DOCKER_NODE.bridge}`);
  cleanup.removeHostFiles(paths);
  restoreKernelTunables(paths);
  return nodeLeftovers(state, paths, uids);
}

async function drain(state: ClusterState, paths: ClusterPaths): Promise<void> {
  await run(drainCommand(state.binDir, paths), { timeoutMs: (DRAIN_TIMEOUT_S + 30) * 1000 }).catch((e: Error) =>
    say(`draining ${DOCKER_NODE.name} through the API failed (${e.message}); what is left is removed by force`),
  );
}

async function stopAll(state: ClusterState, components: Component[]): Promise<void> {
  await Promise.all(components.map((c) => state.pids[c] && stopProcess(state.pids[c], join(state.binDir, c))));
}

/** The UIDs of the pods the API binds to the node (the kubelet may already have dropped some directories). */
async function apiPodUids(state: ClusterState, paths: ClusterPaths): Promise<string[]> {
  const path = `/api/v1/pods?fieldSelector=spec.nodeName%3D${DOCKER_NODE.name}`;
  const answer = await apiGet(apiserverUrl(state.ports), paths, path).catch(() => undefined);
  if (answer?.status !== 200) return [];
  return (JSON.parse(answer.body) as { items: { metadata: { uid: string } }[] }).items.map((p) => p.metadata.uid);
}
