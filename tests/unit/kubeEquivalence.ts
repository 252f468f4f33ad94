import { plain } from "../../infra/pulumi/testing/harness.js";
import { T, type StackRun } from "../../infra/pulumi/testing/run.js";
import type { ComposeFile } from "../../infra/compose/render.js";

/** The fields of a pod's one container that the Kubernetes rendering must share with Compose's, in one shape. */
export interface PodComparable {
  image: string;
  user: string;
  groups: string[];
  /** Every variable with its value: secrets reach both as file paths (`*_FILE`), never as values. */
  env: Record<string, string>;
  memoryMiB: number;
  cpus: number;
  readOnly: boolean;
  capDrop: string[];
  capAdd: string[];
  graceSeconds: number;
}

/**
 * Which Compose service each workload of the Kubernetes rendering stands for: a colour's Deployment for
 * that colour's first replica (the replicas differ in nothing compared here), Postgres's StatefulSet, the
 * backup CronJob's container, and the others by role. The proxy and Prometheus have no workload there
 * (a Service per colour and the cluster's own Prometheus stand in for them).
 */
const COMPOSE_NAME: Record<string, string> = {
  "api-blue-deployment": "api-blue-1",
  "api-green-deployment": "api-green-1",
  "database-statefulset": "postgres",
  "cache-deployment": "redis",
  "sandbox-deployment": "sandbox",
  "backup-cronjob": "backup",
  "backup-observer": "backup-observer",
};

/** The Compose service a Kubernetes workload is compared with, where their names differ: the observer runs the backup job's image and environment. */
const COMPOSE_SERVICE: Record<string, string> = { "backup-observer": "backup" };

const sorted = (pairs: [string, string][]): Record<string, string> =>
  Object.fromEntries(pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Each workload of a Kubernetes stack run, keyed by the Compose service it stands for. */
export function fromKubernetes(run: StackRun, project: string): Map<string, PodComparable> {
  const pods = [
    ...[...run.ofType(T.deployment), ...run.ofType(T.statefulSet)].map((r) => [
      r.name,
      plain(r.inputs).spec.template.spec,
    ]),
    ...run.ofType(T.cronJob).map((r) => [r.name, plain(r.inputs).spec.jobTemplate.spec.template.spec]),
  ] as [string, any][];
  return new Map(
    pods.map(([name, spec]) => {
      const key = name.slice(project.length + 1);
      const c = spec.containers[0];
      const sc = { ...spec.securityContext, ...c.securityContext };
      return [
        COMPOSE_NAME[key] ?? `unmapped ${key}`,
        {
          image: c.image,
          user: `${sc.runAsUser}:${sc.runAsGroup}`,
          groups: (spec.securityContext.supplementalGroups ?? []).map(String),
          env: sorted((c.env ?? []).map((e: { name: string; value: string }) => [e.name, e.value])),
          memoryMiB: Number(String(c.resources.limits.memory).replace(/Mi$/, "")),
          cpus: Number(String(c.resources.limits.cpu).replace(/m$/, "")) / 1000,
          readOnly: sc.readOnlyRootFilesystem,
          capDrop: sc.capabilities.drop,
          capAdd: sc.capabilities.add ?? [],
          // The kubelet counts the preStop pause inside the grace period; the process's own share is the rest.
          graceSeconds: spec.terminationGracePeriodSeconds - (c.lifecycle?.preStop?.sleep?.seconds ?? 0),
        },
      ];
    }),
  );
}

/**
 * The one difference by design, Docker's metrics reach (infra/model/metricsReach.ts): on Docker a metrics
 * listener binds its metrics-network alias and the api relays the sandbox's metrics; a pod binds its one
 * address (its NetworkPolicy guards the port) and Prometheus scrapes the sandbox itself.
 */
function onKubernetes(environment: Record<string, unknown>): Record<string, unknown> {
  const { SANDBOX_METRICS_URL: _relay, ...env } = environment;
  return "METRICS_HOST" in env ? { ...env, METRICS_HOST: "0.0.0.0" } : env;
}

/** The same fields from the Compose rendering, for the services the Kubernetes rendering has. */
export function composePods(compose: ComposeFile, names: Iterable<string>): Map<string, PodComparable> {
  return new Map(
    [...names].map((name) => {
      const s = compose.services[COMPOSE_SERVICE[name] ?? name] as any;
      return [
        name,
        {
          image: s.image,
          user: s.user,
          groups: s.group_add ?? [],
          env: sorted(Object.entries(onKubernetes(s.environment)).map(([k, v]) => [k, String(v)])),
          memoryMiB: Number(String(s.mem_limit).replace(/m$/, "")),
          cpus: Number(s.cpus),
          readOnly: s.read_only,
          capDrop: s.cap_drop,
          capAdd: s.cap_add ?? [],
          graceSeconds: Number(String(s.stop_grace_period).replace(/s$/, "")),
        },
      ];
    }),
  );
}
