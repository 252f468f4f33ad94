import { chmodSync, chownSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../infra/exec/run.js";

/** What kubectl needs of a cluster: the lane's (inject("cluster")) or one a file started. */
export interface KubeAccess {
  binDir: string;
  kubeconfig: string;
}

export type Kubectl = (args: string[], input?: string) => Promise<string>;

/** The cluster's own kubectl (the one built beside it), as its administrator. */
export const kubectlOf =
  (cluster: KubeAccess): Kubectl =>
  (args, input) =>
    run([join(cluster.binDir, "kubectl"), `--kubeconfig=${cluster.kubeconfig}`, ...args], {
      ...(input !== undefined ? { input } : {}),
      timeoutMs: 120_000,
    });

export interface StaticVolume {
  /** The PersistentVolume's name (cluster-wide). */
  name: string;
  size: string;
  /** Owner and mode of its directory: what the pod that claims it runs as (a host path takes no fsGroup). */
  uid: number;
  gid: number;
  mode: number;
  /** The one claim it may bind (its namespace and name), as an administrator reserves a volume for a claim. */
  claim: { namespace: string; name: string };
}

/**
 * Storage as a cluster's administrator provides it where no provisioner runs: one host-path
 * PersistentVolume per claim a stack makes, of no storage class and reserved for that claim, so the
 * claim (which names no class either) binds to it. Their directories are made in a new directory
 * that pods may traverse, returned for the caller to remove with the cluster (volumes of Retain policy
 * outlive their claims, never their cluster).
 */
export async function staticVolumes(kubectl: Kubectl, volumes: StaticVolume[]): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "verifier-pv-"));
  chmodSync(root, 0o755);
  for (const v of volumes) {
    const path = join(root, v.name);
    mkdirSync(path);
    chownSync(path, v.uid, v.gid);
    chmodSync(path, v.mode);
    await kubectl(["apply", "-f", "-"], JSON.stringify(hostPathVolume(v, path)));
  }
  return root;
}

const hostPathVolume = (v: StaticVolume, path: string) => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name: v.name },
  spec: {
    capacity: { storage: v.size },
    accessModes: ["ReadWriteOnce"],
    persistentVolumeReclaimPolicy: "Retain",
    claimRef: v.claim,
    hostPath: { path, type: "Directory" },
  },
});
