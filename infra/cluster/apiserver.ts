import { readFileSync } from "node:fs";
import { request } from "node:https";
import { NODE_LEASE_NAMESPACE } from "./manifests.js";
import type { ClusterPaths } from "./paths.js";

export interface ApiAnswer {
  status: number;
  body: string;
}

/** GETs from the apiserver as the admin (client certificate), trusting only the cluster's CA. */
export function apiGet(server: string, paths: ClusterPaths, path: string, timeoutMs = 5_000): Promise<ApiAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server}${path}`,
      {
        ca: readFileSync(paths.cert("ca")),
        cert: readFileSync(paths.cert("admin")),
        key: readFileSync(paths.key("admin")),
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${server}${path}: no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** Whether /readyz answers 200 (every readiness check of the apiserver passes, etcd's included). */
export async function isReady(server: string, paths: ClusterPaths): Promise<boolean> {
  try {
    return (await apiGet(server, paths, "/readyz")).status === 200;
  } catch {
    return false;
  }
}

interface NodeList {
  items: {
    metadata: { name: string };
    spec?: { taints?: { key: string }[] };
    status?: { conditions?: { type: string; status: string }[] };
  }[];
}

/**
 * The names of the nodes pods can go to: Ready, and rid of the not-ready taint the apiserver gives every
 * new node (the node-lifecycle controller lifts it once the node is Ready).
 */
export async function readyNodes(server: string, paths: ClusterPaths): Promise<string[]> {
  const answer = await apiGet(server, paths, "/api/v1/nodes");
  if (answer.status !== 200) return [];
  return (JSON.parse(answer.body) as NodeList).items
    .filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"))
    .filter((n) => !n.spec?.taints?.some((t) => t.key === "node.kubernetes.io/not-ready"))
    .map((n) => n.metadata.name);
}

/** The names of the node leases: kwok holds one for each node it plays. */
export async function nodeLeases(server: string, paths: ClusterPaths): Promise<string[]> {
  const answer = await apiGet(server, paths, `/apis/coordination.k8s.io/v1/namespaces/${NODE_LEASE_NAMESPACE}/leases`);
  if (answer.status !== 200) return [];
  return (JSON.parse(answer.body) as { items: { metadata: { name: string } }[] }).items.map((l) => l.metadata.name);
}
