import { existsSync, readdirSync, rmSync } from "node:fs";
import { acquireLock } from "../local/lock.js";
import { ClusterError } from "./errors.js";
import { releaseDockerNode } from "./nodeClaim.js";
import { tearDownDockerNode } from "./nodeDown.js";
import { resolveOptions, type ClusterOptionsInput } from "./options.js";
import { clusterPaths, type ClusterPaths } from "./paths.js";
import { stopComponents } from "./processes.js";
import { readState } from "./state.js";

/**
 * Stops every component of the cluster and removes its state directory; answers whether there was one.
 * A docker-runtime node is taken apart first (nodeDown.ts); when something of it cannot be removed, the
 * state directory stays (a second `down` tries again) and the error names each thing and its removal.
 */
export async function down(input: ClusterOptionsInput): Promise<boolean> {
  const paths = clusterPaths(resolveOptions(input).stateDir);
  if (!existsSync(paths.root)) return false;
  assertOurs(paths);
  const release = acquireLock(paths.lock, "cluster down");
  try {
    const state = readState(paths.state);
    const leftovers = state?.nodeRuntime === "docker" ? await tearDownDockerNode(state, paths) : [];
    if (state) await stopComponents(state);
    if (leftovers.length > 0)
      throw new ClusterError(
        "CLUSTER_LEFTOVERS",
        `the docker-runtime node of ${paths.root} left behind: ${leftovers.join("; ")}; remove them, then run \`down\` again`,
      );
    releaseDockerNode(paths.root);
    rmSync(paths.root, { recursive: true, force: true });
    return true;
  } finally {
    release();
  }
}

/** Removing a directory recursively is only safe when it is a cluster's: empty, or with our own files in it. */
function assertOurs(paths: ClusterPaths): void {
  const entries = readdirSync(paths.root);
  const ours = [paths.state, paths.lock, paths.pki].some((f) => existsSync(f));
  if (entries.length > 0 && !ours)
    throw new ClusterError(
      "CLUSTER_CONFIG",
      `${paths.root} holds no cluster (no cluster.json, up.lock or pki/), so \`down\` leaves it alone; check --state-dir / VERIFIER_CLUSTER_STATE`,
    );
}
