import { join } from "node:path";
import { run } from "../exec/run.js";
import { ClusterError } from "./errors.js";
import { bootstrapManifests, NODE_LEASE_NAMESPACE, nodeName } from "./manifests.js";
import { dockerNodeManifests } from "./nodeManifests.js";
import type { ClusterPaths, NodeRuntime } from "./paths.js";

const kubectl = (binDir: string, paths: ClusterPaths): string[] => [
  join(binDir, "kubectl"),
  `--kubeconfig=${paths.adminKubeconfig}`,
];

/** The commands `up` runs as the admin once the apiserver answers, before the controllers and the nodes start. */
export function bootstrapCommands(
  binDir: string,
  paths: ClusterPaths,
  runtime: NodeRuntime,
  nodes: number,
): string[][] {
  const apply = [...kubectl(binDir, paths), "apply", "--server-side", "--field-manager=verifier-cluster", "-f", "-"];
  if (runtime === "docker") return [apply];
  const names = Array.from({ length: nodes }, (_, i) => nodeName(i));
  // A restarted kwok waits for its predecessor's leases to expire (40 s) before it plays the nodes
  // again; that predecessor is gone (up stopped it), so its leases go too.
  return [
    apply,
    [...kubectl(binDir, paths), "delete", "lease", "-n", NODE_LEASE_NAMESPACE, "--ignore-not-found", ...names],
  ];
}

/** What `up` applies server-side (idempotent) for the node runtime: kwok's RBAC and nodes, or a real node's RBAC. */
export const bootstrapItems = (runtime: NodeRuntime, nodes: number) =>
  runtime === "docker" ? dockerNodeManifests() : bootstrapManifests(nodes);

/** The node runtime's permissions (and kwok's nodes) applied, and stale kwok node leases released. */
export async function bootstrap(binDir: string, paths: ClusterPaths, runtime: NodeRuntime, nodes: number) {
  const [apply, ...rest] = bootstrapCommands(binDir, paths, runtime, nodes) as [string[], ...string[][]];
  const list = { apiVersion: "v1", kind: "List", items: bootstrapItems(runtime, nodes) };
  try {
    await run(apply, { input: JSON.stringify(list), timeoutMs: 60_000 });
    for (const argv of rest) await run(argv, { timeoutMs: 60_000 });
  } catch (err) {
    throw new ClusterError(
      "CLUSTER_START",
      `applying the ${runtime} nodes' RBAC${runtime === "kwok" ? " and nodes" : ""}: ${(err as Error).message}; see the logs in ${paths.logs}`,
    );
  }
}
