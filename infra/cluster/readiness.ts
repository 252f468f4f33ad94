import { request } from "node:http";
import { say } from "../exec/progress.js";
import { apiGet, isReady, nodeLeases, readyNodes } from "./apiserver.js";
import { ClusterError } from "./errors.js";
import { DOCKER_NODE } from "./dockerNode.js";
import type { ClusterPaths, Component, NodeRuntime } from "./paths.js";
import { isRunning, logTail } from "./processes.js";

/** One thing `up` waits for, and the component to blame when it does not come. */
export interface Wait {
  what: string;
  suspect: Component;
  /** Answers true once the thing is there; throwing counts as "not yet". */
  probe: () => Promise<boolean>;
}

export interface Watched {
  paths: ClusterPaths;
  /** The started components, with pid and binary: one that exits fails the wait at once. */
  started: { component: Component; pid: number; binary: string }[];
}

const { ip, ports } = DOCKER_NODE;

/** kube-proxy's /healthz: 200 once its rules are synced. CoreDNS's /ready: 200 once the API is synced. */
export const NODE_HEALTH_URLS = {
  kubeProxy: `http://${ip}:${ports.proxyHealthz}/healthz`,
  coredns: `http://${ip}:${ports.dnsReady}/ready`,
} as const;

/**
 * What a fresh cluster must show before `up` returns: the apiserver, the nodes (Ready, untainted, their
 * leases held by kwok or the kubelet), the controllers; and on a docker-runtime node, kube-proxy's
 * rules and CoreDNS's view of the API.
 */
export function readinessWaits(server: string, paths: ClusterPaths, runtime: NodeRuntime, nodeNames: string[]): Wait[] {
  const nodeAgent = runtime === "docker" ? "kubelet" : "kwok";
  return [
    { what: "the apiserver's /readyz", suspect: "kube-apiserver", probe: () => isReady(server, paths) },
    {
      what: `nodes ${nodeNames.join(", ")} Ready, untainted, their leases held by ${nodeAgent}`,
      suspect: nodeAgent,
      probe: async () => {
        const [ready, leases] = await Promise.all([readyNodes(server, paths), nodeLeases(server, paths)]);
        return nodeNames.every((n) => ready.includes(n) && leases.includes(n));
      },
    },
    {
      what: "the default service account (the controller-manager at work)",
      suspect: "kube-controller-manager",
      probe: async () =>
        (await apiGet(server, paths, "/api/v1/namespaces/default/serviceaccounts/default")).status === 200,
    },
    ...(runtime === "docker" ? dockerNodeWaits() : []),
  ];
}

const dockerNodeWaits = (): Wait[] => [
  {
    what: `kube-proxy's rules synced (${NODE_HEALTH_URLS.kubeProxy})`,
    suspect: "kube-proxy",
    probe: () => httpOk(NODE_HEALTH_URLS.kubeProxy),
  },
  {
    what: `CoreDNS ready (${NODE_HEALTH_URLS.coredns})`,
    suspect: "coredns",
    probe: () => httpOk(NODE_HEALTH_URLS.coredns),
  },
];

/** Polls until the wait's probe answers true; fails early when a component exits, late at the deadline. */
export async function waitFor(wait: Wait, watched: Watched, deadline: number): Promise<void> {
  for (;;) {
    const dead = watched.started.find((s) => !isRunning(s.pid, s.binary));
    if (dead) throw failure(watched.paths, dead.component, `${dead.component} exited while waiting for ${wait.what}`);
    if (await wait.probe().catch(() => false)) return;
    if (Date.now() > deadline) throw failure(watched.paths, wait.suspect, `${wait.what}: not there in time`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The error names the component and its log; the log's tail goes to stderr just above it. */
function failure(paths: ClusterPaths, component: Component, what: string): ClusterError {
  say(`${component} log (${paths.log(component)}), last lines:\n${logTail(paths.log(component))}`);
  return new ClusterError(
    "CLUSTER_START",
    `${what}; see ${paths.log(component)} (tail above); fix and run \`up\` again (\`down\` resets the state)`,
  );
}

/** Whether a plain-HTTP GET answers 200 within timeoutMs (a refused connection is just "no"). */
export function httpOk(url: string, timeoutMs = 3_000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}
