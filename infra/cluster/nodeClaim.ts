import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { ClusterError } from "./errors.js";

/** The host-wide record of which cluster runs this host's one docker-runtime node (names are fixed: dockerNode.ts). */
export const NODE_CLAIM_FILE = "/run/verifier-cluster/docker-node.json";

interface Claim {
  name: string;
  stateDir: string;
  since: string;
}

/**
 * Claims the host's docker-runtime node for the cluster of stateDir (O_EXCL, so two `up`s cannot both
 * win). A claim whose state directory still holds a cluster is live, even when its processes died:
 * what that node left (containers, bridge, chains) is only removed by its own `down`. A claim whose
 * state directory is gone is stale and taken over.
 */
export function claimDockerNode(name: string, stateDir: string, file = NODE_CLAIM_FILE): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
  for (let attempt = 0; attempt < 2; attempt++) {
    const holder = readClaim(file);
    if (holder?.stateDir === stateDir) return;
    if (holder && existsSync(join(holder.stateDir, "cluster.json"))) throw busy(holder, file);
    if (holder || existsSync(file)) rmSync(file, { force: true });
    try {
      const fd = openSync(file, "wx", 0o644);
      writeSync(fd, JSON.stringify({ name, stateDir, since: new Date().toISOString() } satisfies Claim));
      closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  throw new ClusterError(
    "CLUSTER_BUSY",
    `${file}: another \`up\` claimed the docker-runtime node meanwhile; run again`,
  );
}

/** Gives the claim up, if it is stateDir's (a `down` of some other cluster leaves it alone). */
export function releaseDockerNode(stateDir: string, file = NODE_CLAIM_FILE): void {
  if (readClaim(file)?.stateDir === stateDir) rmSync(file, { force: true });
}

/** Whether the cluster of stateDir holds the host's docker-runtime node (so every cri-dockerd container is its own). */
export const holdsDockerNode = (stateDir: string, file = NODE_CLAIM_FILE): boolean =>
  readClaim(file)?.stateDir === stateDir;

function readClaim(file: string): Claim | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Claim;
  } catch {
    return undefined;
  }
}

const busy = (holder: Claim, file: string): ClusterError =>
  new ClusterError(
    "CLUSTER_BUSY",
    `cluster ${holder.name} (state ${holder.stateDir}, since ${holder.since}) runs this host's docker-runtime node ` +
      `(${file}); one per host: stop it first (npm run cluster -- down --state-dir ${holder.stateDir}) or use --node-runtime kwok`,
  );
