import { join } from "node:path";
import { isReady, readyNodes } from "./apiserver.js";
import { resolveOptions, type ClusterOptionsInput } from "./options.js";
import { clusterPaths, componentsOf, type Component } from "./paths.js";
import { apiserverUrl } from "./plan.js";
import { isRunning } from "./processes.js";
import { readState, type Ports } from "./state.js";

export interface ClusterStatus {
  stateDir: string;
  /** False when there is no state: never started, or taken down. */
  exists: boolean;
  server?: string;
  ports?: Ports;
  components: { component: Component; pid?: number; running: boolean }[];
  apiserverReady: boolean;
  readyNodes: string[];
}

/** What the state records and what is actually running and answering; reads only. */
export async function status(input: ClusterOptionsInput): Promise<ClusterStatus> {
  const paths = clusterPaths(resolveOptions(input).stateDir);
  const state = readState(paths.state);
  const none = { stateDir: paths.root, components: [], apiserverReady: false, readyNodes: [] };
  if (!state) return { ...none, exists: false };
  const server = apiserverUrl(state.ports);
  const components = componentsOf(state.nodeRuntime).map((component) => {
    const pid = state.pids[component];
    return { component, pid, running: pid !== undefined && isRunning(pid, join(state.binDir, component)) };
  });
  const apiserverReady = await isReady(server, paths);
  const nodes = apiserverReady ? await readyNodes(server, paths).catch(() => []) : [];
  return { ...none, exists: true, server, ports: state.ports, components, apiserverReady, readyNodes: nodes };
}

/** The status as a person reads it, one line per fact. */
export function statusLines(s: ClusterStatus): string[] {
  if (!s.exists) return [`no cluster in ${s.stateDir}`];
  return [
    `state: ${s.stateDir}`,
    `apiserver: ${s.server} ${s.apiserverReady ? "ready" : "NOT ready"}`,
    ...s.components.map((c) => `${c.component}: ${c.running ? `running (pid ${c.pid})` : "NOT running"}`),
    `ready nodes: ${s.readyNodes.length > 0 ? s.readyNodes.join(", ") : "none"}`,
  ];
}
