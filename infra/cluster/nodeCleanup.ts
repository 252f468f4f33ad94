import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { run, succeeds } from "../exec/run.js";
import { CRI_DOCKERD_LABELS, DOCKER_NODE } from "./dockerNode.js";
import { IPTABLES_TABLES, kubeChainRemoval, kubeChains, mountsUnder, parsePodContainers } from "./nodeCleanupPlan.js";
import type { ClusterPaths } from "./paths.js";

const T = { timeoutMs: 60_000 };

/** The UIDs of the pods the kubelet keeps a directory for (<kubelet root>/pods/<uid>). */
export function kubeletPodUids(paths: ClusterPaths): string[] {
  const dir = join(paths.node.kubeletRoot, "pods");
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** Every container cri-dockerd made (sandboxes and containers), with its pod's UID. */
export async function criContainers() {
  const format = `{{.ID}} {{.Label "${CRI_DOCKERD_LABELS.podUid}"}}`;
  const out = await run(["docker", "ps", "-a", "--filter", `label=${CRI_DOCKERD_LABELS.type}`, "--format", format], T);
  return parsePodContainers(out);
}

/** Removes (forcibly, with anonymous volumes) the containers of the given pods; answers their ids. */
export async function removePodContainers(podUids: Set<string>): Promise<string[]> {
  const ids = (await criContainers()).filter((c) => podUids.has(c.podUid)).map((c) => c.id);
  if (ids.length > 0) await run(["docker", "rm", "--force", "--volumes", ...ids], T);
  return ids;
}

/** The mounts under the state directory (the kubelet's tmpfs volumes), deepest first. */
export const mountsOf = (paths: ClusterPaths): string[] =>
  mountsUnder(readFileSync("/proc/self/mountinfo", "utf8"), paths.root);

/** Unmounts them, lazily when a plain unmount is refused (busy). */
export async function unmountAll(paths: ClusterPaths): Promise<void> {
  for (const point of mountsOf(paths))
    if (!(await succeeds(["umount", point], T))) await succeeds(["umount", "--lazy", point], T);
}

const TOOLS = ["iptables", "ip6tables"] as const;

/** The KUBE-* chains left in iptables and ip6tables, as `<tool> -t <table> <chain>`. */
export async function kubeChainsLeft(): Promise<string[]> {
  const found: string[] = [];
  for (const tool of TOOLS)
    for (const table of IPTABLES_TABLES) {
      const rules = await run([tool, "-w", "-t", table, "-S"], T).catch(() => "");
      found.push(...kubeChains(rules).map((c) => `${tool} -t ${table} ${c}`));
    }
  return found;
}

/** Removes every KUBE-* chain (and the jumps to them) kube-proxy --cleanup left: the kubelet's own. */
export async function removeKubeChains(): Promise<void> {
  for (const tool of TOOLS)
    for (const table of IPTABLES_TABLES) {
      const rules = await run([tool, "-w", "-t", table, "-S"], T).catch(() => "");
      for (const argv of kubeChainRemoval(tool, table, rules)) await succeeds(argv, T);
    }
}

/** The kubelet's links in /var/log/containers that point into this node's pod logs. */
export function logLinksOf(paths: ClusterPaths): string[] {
  const dir = DOCKER_NODE.containerLogLinks;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((f) => lstatSync(f).isSymbolicLink() && readlinkSync(f).startsWith(`${paths.node.podLogs}/`));
}

/**
 * Removes the kubelet's links in /var/log/containers into this node's pod logs, and its device-plugin
 * socket with the directories the kubelet made for it when nothing else is in them.
 */
export function removeHostFiles(paths: ClusterPaths): void {
  for (const link of logLinksOf(paths)) rmSync(link, { force: true });
  rmSync(DOCKER_NODE.devicePluginSocket, { force: true });
  for (let dir = dirname(DOCKER_NODE.devicePluginSocket); dir !== "/var/lib"; dir = dirname(dir))
    if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
}
