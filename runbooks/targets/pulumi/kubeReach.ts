import type { Colour } from "../../../infra/config/schema.js";
import { run } from "../../../infra/exec/run.js";
import { COLOUR, COMPONENT } from "../../../infra/pulumi/kubernetes/labels.js";
import {
  ACTIVE_SERVICE,
  apiDeploymentName,
  INSTANCE_LABEL,
  PREVIEW_SERVICE,
} from "../../../infra/pulumi/kubernetes/names.js";
import { kubectl, type KubeTarget } from "../../../infra/pulumi/steps/plan.js";
import type { ContainerObservation } from "../../plan/types.js";
import { type KubeProxy, serviceUrl, startKubeProxy } from "./kubeProxy.js";
import type { Workloads } from "./outputs.js";
import { kubeBackupJob } from "./kubeBackupJob.js";
import { restartColourDeployment } from "./kubeRestart.js";
import type { Reach } from "./reach.js";

interface Pod {
  metadata: { name: string; labels?: Record<string, string> };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
}

/**
 * The Kubernetes target, through kubectl with the release engineer's kubeconfig: each colour's Service
 * (the active one, `api`, or the idle one's preview, `api-preview`) through the API server's service
 * proxy, pods by the stack's instance label, an api Deployment's log.
 */
export function kubeReach(target: KubeTarget, project: string, env: NodeJS.ProcessEnv | undefined): Reach {
  let proxy: Promise<KubeProxy> | undefined;
  const reach = () => (proxy ??= startKubeProxy(target, env));
  const opts = { timeoutMs: 30_000, ...(env ? { env } : {}) };
  const url = async (service: string) => ({ url: serviceUrl(await reach(), target.namespace, service) });
  return {
    main: () => url(ACTIVE_SERVICE),
    colour: (out, colour) => url(colour === out.activeColour ? ACTIVE_SERVICE : PREVIEW_SERVICE),
    async workloads() {
      const listed = await run(
        kubectl(target, "get", "pods", "-l", `${INSTANCE_LABEL}=${project}`, "-o", "json"),
        opts,
      );
      return workloadsOf((JSON.parse(listed) as { items: Pod[] }).items);
    },
    backupJob: () => kubeBackupJob(target, project, env),
    restartColour: (_out, colour) => restartColourDeployment(target, colour, env),
    bootLog: (_out, colour: Colour) =>
      run(kubectl(target, "logs", `deployment/${apiDeploymentName(colour)}`, "--tail=-1"), opts),
    async close() {
      const started = proxy;
      proxy = undefined;
      (await started?.catch(() => undefined))?.stop();
    },
  };
}

/** Pods as the runbooks count containers: finished ones (a backup Job's) left out; Ready is healthy. */
export function workloadsOf(pods: Pod[]): Workloads {
  const live = pods.filter((p) => p.status.phase !== "Succeeded");
  const refs = live.map((p) => {
    const colour = p.metadata.labels?.[COLOUR] as Colour | undefined;
    return {
      service: p.metadata.labels?.[COMPONENT] ?? "unknown",
      container: p.metadata.name,
      ...(colour ? { colour } : {}),
    };
  });
  const seen: ContainerObservation[] = live.map((p) => ({
    name: p.metadata.name,
    status: (p.status.phase ?? "unknown").toLowerCase(),
    health: p.status.conditions?.find((c) => c.type === "Ready")?.status === "True" ? "healthy" : "unhealthy",
  }));
  return { refs, seen };
}
