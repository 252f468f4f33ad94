import { join } from "node:path";
import { run, succeeds } from "../exec/run.js";
import { ClusterError } from "./errors.js";
import type { HostStep } from "./hostNetworkPlan.js";
import { sandboxImageRef } from "./nodePlan.js";

/** Runs host steps in order, each guarded by its probe; the first failure stops them, naming the command. */
export async function runHostSteps(steps: HostStep[], what: string): Promise<void> {
  for (const step of steps) {
    if (step.unless && (await succeeds(step.unless, { timeoutMs: 30_000 }))) continue;
    if (step.onlyIf && !(await succeeds(step.onlyIf, { timeoutMs: 30_000 }))) continue;
    try {
      await run(step.argv, { timeoutMs: 30_000 });
    } catch (err) {
      throw new ClusterError(
        "CLUSTER_HOST",
        `${what}: ${(err as Error).message}; a docker-runtime node needs root, iproute2 and iptables (scripts/setup-host.sh installs them)`,
      );
    }
  }
}

/** `docker import` of the build's pause.tar as the pod sandbox image: /pause is its entrypoint and all it holds. */
export const importCommand = (binDir: string): string[] => [
  "docker",
  "import",
  "--change",
  'ENTRYPOINT ["/pause"]',
  join(binDir, "pause.tar"),
  sandboxImageRef(binDir),
];

/** The sandbox image in the Docker engine (imported once per build); answers its reference. */
export async function ensureSandboxImage(binDir: string): Promise<string> {
  const ref = sandboxImageRef(binDir);
  if (await succeeds(["docker", "image", "inspect", ref], { timeoutMs: 30_000 })) return ref;
  try {
    await run(importCommand(binDir), { timeoutMs: 120_000 });
    return ref;
  } catch (err) {
    throw new ClusterError(
      "CLUSTER_HOST",
      `cannot import the pod sandbox image ${ref}: ${(err as Error).message}; check that the Docker engine answers (docker info)`,
    );
  }
}
