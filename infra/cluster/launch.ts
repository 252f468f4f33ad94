import { existsSync, mkdirSync } from "node:fs";
import { bootstrap } from "./bootstrap.js";
import { DOCKER_NODE } from "./dockerNode.js";
import { nodeName } from "./manifests.js";
import type { ClusterOptions } from "./options.js";
import type { ClusterPaths, Component } from "./paths.js";
import { apiserverUrl, type ProcessSpec, processPlan } from "./plan.js";
import { startDetached } from "./processes.js";
import { readinessWaits, type Wait, waitFor, type Watched } from "./readiness.js";
import { type ClusterState, writeState } from "./state.js";

const STORAGE_AND_API: Component[] = ["etcd", "kube-apiserver"];

/**
 * etcd and the apiserver first; once /readyz answers, the node runtime's permissions (bootstrap.ts), then
 * the controllers and the node's components (kwok gives up after ~30 s of an apiserver that refuses it;
 * the kubelet exits when cri-dockerd's socket is not there yet). Pids are recorded as they come; every
 * wait shares one deadline.
 */
export async function launch(state: ClusterState, paths: ClusterPaths, opts: ClusterOptions): Promise<void> {
  const deadline = Date.now() + opts.readyTimeoutMs;
  mkdirSync(paths.etcdData, { recursive: true, mode: 0o700 });
  const watched: Watched = { paths, started: [] };
  const { nodeRuntime } = opts;
  const specs = processPlan({ name: opts.name, binDir: state.binDir, paths, ports: state.ports, nodeRuntime });
  const nodes =
    nodeRuntime === "docker" ? [DOCKER_NODE.name] : Array.from({ length: opts.nodes }, (_, i) => nodeName(i));
  const [apiserver, ...rest] = readinessWaits(apiserverUrl(state.ports), paths, nodeRuntime, nodes);
  const first = (s: ProcessSpec) => STORAGE_AND_API.includes(s.component);
  await startAll(specs.filter(first), state, watched, deadline);
  await waitFor(apiserver!, watched, deadline);
  await bootstrap(state.binDir, paths, nodeRuntime, opts.nodes);
  await startAll(
    specs.filter((s) => !first(s)),
    state,
    watched,
    deadline,
  );
  for (const wait of rest) await waitFor(wait, watched, deadline);
}

async function startAll(specs: ProcessSpec[], state: ClusterState, watched: Watched, deadline: number) {
  for (const { component, argv, socket } of specs) {
    const pid = await startDetached(argv, watched.paths.log(component));
    state.pids[component] = pid;
    writeState(watched.paths.state, state);
    watched.started.push({ component, pid, binary: argv[0]! });
    if (socket) await waitFor(socketWait(component, socket), watched, deadline);
  }
}

const socketWait = (component: Component, socket: string): Wait => ({
  what: `${component}'s socket ${socket}`,
  suspect: component,
  probe: async () => existsSync(socket),
});
