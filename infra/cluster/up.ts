import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { step, say } from "../exec/progress.js";
import { acquireLock } from "../local/lock.js";
import { isReady } from "./apiserver.js";
import { ensureBinaries } from "./binaries.js";
import { DOCKER_NODE } from "./dockerNode.js";
import { ClusterError } from "./errors.js";
import { writeKubeconfigs } from "./kubeconfig.js";
import { claimDockerNode } from "./nodeClaim.js";
import { abandonDockerNode, prepareDockerNode } from "./nodeUp.js";
import { resolveOptions, type ClusterOptions, type ClusterOptionsInput } from "./options.js";
import { type ClusterPaths, clusterPaths, componentsOf } from "./paths.js";
import { ensurePki } from "./pki.js";
import { launch } from "./launch.js";
import { apiserverUrl } from "./plan.js";
import { choosePorts } from "./ports.js";
import { isRunning, stopComponents } from "./processes.js";
import { type ClusterState, readState, writeState } from "./state.js";

/** A running cluster, as `up` leaves it. */
export interface RunningCluster {
  name: string;
  stateDir: string;
  /** The admin's kubeconfig (system:masters). */
  kubeconfig: string;
  /** Where etcd, kube-*, kubectl, kwok and the node binaries are. */
  binDir: string;
  /** https://127.0.0.1:<port> */
  server: string;
}

/** Brings the cluster of the options up; does nothing to one whose processes run and whose /readyz answers. */
export async function up(input: ClusterOptionsInput, repoRoot: string): Promise<RunningCluster> {
  const opts = resolveOptions(input);
  const paths = clusterPaths(opts.stateDir);
  mkdirSync(paths.root, { recursive: true, mode: 0o700 });
  const release = acquireLock(paths.lock, `cluster up ${opts.name}`);
  try {
    const recorded = readState(paths.state);
    if (recorded && recorded.nodeRuntime !== opts.nodeRuntime)
      throw new ClusterError(
        "CLUSTER_CONFIG",
        `${paths.root} holds a cluster with ${recorded.nodeRuntime} nodes, not ${opts.nodeRuntime}; take it down first (npm run cluster -- down --state-dir ${paths.root})`,
      );
    const state = await healthyState(paths);
    if (state) say(`cluster ${opts.name} is already up (${apiserverUrl(state.ports)})`);
    return described(opts, paths, state ?? (await start(opts, paths, repoRoot)));
  } finally {
    release();
  }
}

/** The recorded state when every component of its runtime runs and the apiserver is ready; otherwise undefined. */
export async function healthyState(paths: ClusterPaths): Promise<ClusterState | undefined> {
  const state = readState(paths.state);
  if (!state) return undefined;
  const running = componentsOf(state.nodeRuntime).every(
    (c) => state.pids[c] && isRunning(state.pids[c], join(state.binDir, c)),
  );
  return running && (await isReady(apiserverUrl(state.ports), paths)) ? state : undefined;
}

async function start(opts: ClusterOptions, paths: ClusterPaths, repoRoot: string): Promise<ClusterState> {
  if (opts.nodeRuntime === "docker") claimDockerNode(opts.name, paths.root); // refuse before any side effect
  const binDir = await step("cluster binaries (cluster/build.sh)", () => ensureBinaries(repoRoot));
  const previous = readState(paths.state);
  if (previous) await stopComponents(previous); // what is left of a cluster that half died
  const state: ClusterState = {
    name: opts.name,
    binDir,
    nodeRuntime: opts.nodeRuntime,
    ports: await choosePorts(previous?.ports),
    pids: {},
    startedAt: new Date().toISOString(),
  };
  await step("certificates and kubeconfigs", () => ensurePki(paths));
  writeKubeconfigs(paths, opts.name, apiserverUrl(state.ports));
  writeState(paths.state, state);
  try {
    if (opts.nodeRuntime === "docker")
      await step(`docker-runtime node: bridge ${DOCKER_NODE.bridge}, sandbox image, configuration`, () =>
        prepareDockerNode(paths, binDir),
      );
    await step(`start ${componentsOf(opts.nodeRuntime).join(", ")}`, () => launch(state, paths, opts));
    return state;
  } catch (err) {
    if (opts.nodeRuntime === "docker") await abandonDockerNode(state, paths);
    await stopComponents(state);
    throw err;
  }
}

function described(opts: ClusterOptions, paths: ClusterPaths, state: ClusterState): RunningCluster {
  return {
    name: opts.name,
    stateDir: paths.root,
    kubeconfig: paths.adminKubeconfig,
    binDir: state.binDir,
    server: apiserverUrl(state.ports),
  };
}
