import type { Colour } from "../../../infra/config/schema.js";
import { run } from "../../../infra/exec/run.js";
import { apiDeploymentName } from "../../../infra/pulumi/kubernetes/names.js";
import { kubectl, type KubeTarget } from "../../../infra/pulumi/steps/plan.js";

/** How long one colour's rolling restart may take, all its replicas Ready again. */
const ROLLOUT_SECONDS = 300;

/**
 * A rolling restart of the colour's api Deployment (`kubectl rollout restart`, then `rollout status`
 * until every new pod is Ready and the old ones are gone): its Deployment's surge and unavailability
 * bounds keep the colour serving throughout. A colour with no Deployment, or none scaled up, has no pool
 * to drop and is skipped. Returns what was restarted (`deployment/<name>`).
 */
export async function restartColourDeployment(
  target: KubeTarget,
  colour: Colour,
  env: NodeJS.ProcessEnv | undefined,
): Promise<string[]> {
  const opts = { timeoutMs: 60_000, ...(env ? { env } : {}) };
  const ref = `deployment/${apiDeploymentName(colour)}`;
  const found = await run(kubectl(target, "get", ref, "--ignore-not-found", "-o", "jsonpath={.spec.replicas}"), opts);
  if (found.trim() === "" || Number(found.trim()) === 0) return [];
  await run(kubectl(target, "rollout", "restart", ref), opts);
  await run(kubectl(target, "rollout", "status", ref, `--timeout=${ROLLOUT_SECONDS}s`), {
    ...opts,
    timeoutMs: (ROLLOUT_SECONDS + 30) * 1000,
  });
  return [ref];
}
