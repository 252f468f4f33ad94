import { run } from "../../infra/exec/run.js";
import { observeContainer, waitHealthy } from "../../infra/local/health.js";

/** How long one restarted api container may take to report healthy, ms. */
const RESTART_HEALTHY_MS = 180_000;

/**
 * Restarts each running container of `names` in turn, each healthy before the next, so a colour never
 * loses all its replicas at once; absent or stopped ones are skipped. Returns the ones restarted. `env`
 * reaches the stack's engine (a Pulumi Docker stack's DOCKER_HOST).
 */
export async function restartContainers(names: string[], env?: NodeJS.ProcessEnv): Promise<string[]> {
  const opts = env ? { env } : {};
  const restarted: string[] = [];
  for (const name of names) {
    if ((await observeContainer(name, env)).status !== "running") continue;
    restarted.push(name);
    await run(["docker", "restart", "--time", "45", name], { timeoutMs: 120_000, ...opts });
    await waitHealthy([name], RESTART_HEALTHY_MS, undefined, env);
  }
  return restarted;
}
