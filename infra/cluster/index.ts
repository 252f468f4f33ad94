import { fileURLToPath } from "node:url";
import { down } from "./down.js";
import type { ClusterOptionsInput } from "./options.js";
import { up, type RunningCluster } from "./up.js";

export { clusterEnv, envLines } from "./env.js";
export { ClusterError } from "./errors.js";
export type { ClusterOptionsInput } from "./options.js";
export { status, type ClusterStatus } from "./status.js";
export { down, up, type RunningCluster };

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");

export interface StartedCluster extends RunningCluster {
  /** Stops every component and removes the state directory. */
  stop(): Promise<void>;
}

/**
 * A local control plane for a test or a script: built from Go modules when needed, started (or found
 * running) in its own state directory, ready (apiserver, kwok nodes, controllers) when this resolves.
 */
export async function startCluster(opts: ClusterOptionsInput & { repoRoot?: string } = {}): Promise<StartedCluster> {
  const { repoRoot = REPO_ROOT, ...options } = opts;
  const cluster = await up(options, repoRoot);
  return {
    ...cluster,
    stop: async () => {
      await down({ name: cluster.name, stateDir: cluster.stateDir });
    },
  };
}
