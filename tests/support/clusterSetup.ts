import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { say } from "../../infra/exec/progress.js";
import { down, startCluster } from "../../infra/cluster/index.js";

/** What the Kubernetes lane's files get from its control plane (`inject("cluster")`). */
export interface LaneCluster {
  kubeconfig: string;
  binDir: string;
  server: string;
  stateDir: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    cluster: LaneCluster;
  }
}

/**
 * Global setup of the Kubernetes lane: one control plane (cluster/, built from Go modules when missing)
 * in a state directory of its own, started before the lane's first file and stopped, its state removed,
 * after the last, whatever happened. A person running one Kubernetes file gets the same.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), "verifier-lane-cluster-"));
  const stateDir = join(dir, "state");
  const teardown = async () => {
    await down({ stateDir }).catch((e: Error) => say(`cluster teardown failed: ${e.message}`));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const cluster = await startCluster({ name: "citest", stateDir });
    project.provide("cluster", {
      kubeconfig: cluster.kubeconfig,
      binDir: cluster.binDir,
      server: cluster.server,
      stateDir,
    });
    say(`✓ cluster up at ${cluster.server}`);
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}
