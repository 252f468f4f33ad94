import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setConfig } from "../../infra/automation/index.js";
import { down, startCluster, type StartedCluster } from "../../infra/cluster/index.js";
import { ensureImages } from "../../infra/images/build.js";
import { pushImages } from "../../infra/images/push.js";
import { BACKUP_GID } from "../../infra/model/services/postgres.js";
import { SERVICE_UIDS } from "../../infra/model/users.js";
import type { EnvironmentModel } from "../../infra/model/types.js";
import { REPO_ROOT } from "./instance.js";
import { type Kubectl, kubectlOf, staticVolumes } from "./kube.js";
import { prodSecretConfig } from "./prodSecrets.js";
import { testProject, type TestProject } from "./pulumiStack.js";
import { QUIET_BACKUP } from "./quietSchedule.js";

/**
 * What differs from Pulumi.prod.yaml on this host, and why: the one node has this host's 2 cores and prod
 * requests 8.5 (requests equal limits), so CPU limits are scaled down (to 1.75 cores, leaving room for one
 * api pod more during a rollout) and the api runs 2 replicas per colour, not 3; and the backup CronJob
 * never fires during a run (QUIET_BACKUP), so no scheduled Job joins the pods a test counts (one fired at
 * 18:00 during a run, and was left Pending for want of CPU before these limits); and the api sheds on its
 * event-loop delay only, not its utilisation, which a pod held to a quarter of a core reads as saturated
 * whenever the host is busy (a CI run shed 98 requests that way; prod refuses both checks off, and this
 * keeps one). Everything else is prod's file.
 */
export const KUBE_PROD_OVERRIDES = {
  apiReplicas: 2,
  service: { overload: { maxEventLoopUtilization: 0, maxEventLoopDelayMs: 1000 } },
  limits: {
    api: { cpus: 0.25 },
    postgres: { cpus: 0.3 },
    redis: { cpus: 0.1 },
    sandbox: { cpus: 0.25 },
    backup: { cpus: 0.1 },
  },
};

export interface KubeProd {
  cluster: StartedCluster;
  kubectl: Kubectl;
  project: TestProject;
  /** The stack's namespace (the stack's name) and its Prometheus's. */
  namespace: string;
  monitoring: string;
  /** Role → the image reference by digest in the local registry the stack runs. */
  digests: Record<string, string>;
  /** The stack config on top of Pulumi.prod.yaml (ops takes them as --config). */
  overrides: Record<string, unknown>;
  /** What the Automation API wrapper takes to act on the stack. */
  options(): { stack: string; root: string; env: NodeJS.ProcessEnv };
  /** Takes the cluster down (every pod with it) and removes the project, the state and the volumes. */
  close(): Promise<void>;
}

/**
 * Prod's stack on the Kubernetes target, ready for `up`: a cluster of its own whose one node runs pods on
 * this host's Docker engine (one per host), the administrator's part done (a host-path volume reserved for
 * each claim, as no provisioner runs; the namespace of the cluster's Prometheus, where the stack leaves its
 * scrape config), images pushed and pinned by digest, secrets and a TLS pair in encrypted stack config.
 */
export async function kubeProd(stack: string): Promise<KubeProd> {
  const digests = await pushImages(await ensureImages({ repoRoot: REPO_ROOT }));
  const dir = mkdtempSync(join(tmpdir(), `verifier-${stack}-`));
  const made: { cluster?: StartedCluster; volumes?: string; project?: TestProject } = {};
  const close = async () => {
    try {
      await down({ stateDir: join(dir, "state") });
    } finally {
      made.project?.remove();
      for (const path of [dir, made.volumes]) if (path) rmSync(path, { recursive: true, force: true });
    }
  };
  try {
    const cluster = await startCluster({ name: stack, stateDir: join(dir, "state"), nodeRuntime: "docker" });
    made.cluster = cluster;
    const kubectl = kubectlOf(cluster);
    const [namespace, monitoring] = [stack, `${stack}-monitoring`];
    const overrides = {
      ...KUBE_PROD_OVERRIDES,
      backup: QUIET_BACKUP,
      images: { source: "registry", ...digests },
      kubernetes: { namespace, prometheusNamespace: monitoring },
    };
    const project = await testProject(stack, "prod", overrides);
    made.project = project;
    await kubectl(["create", "namespace", monitoring]);
    made.volumes = await staticVolumes(kubectl, claimVolumes(project.model));
    // The provider and the program's steps (kubectl exec, the apiserver's service proxy) reach this cluster.
    project.env.KUBECONFIG = cluster.kubeconfig;
    project.env.PATH = `${cluster.binDir}:${project.env.PATH}`;
    const options = () => ({ stack, root: project.dir, env: project.env });
    await setConfig(options(), prodSecretConfig({ dnsNames: [`api.${namespace}.svc`], ipAddresses: [] }));
    return { cluster, kubectl, project, namespace, monitoring, digests, overrides, options, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The claims the stack makes, of the sizes it asks: Postgres's data (its StatefulSet's template) and the backups. */
function claimVolumes(model: EnvironmentModel) {
  const { namespace, claims } = model.config.kubernetes!;
  return [
    {
      name: `${namespace}-pgdata`,
      size: claims.pgdata,
      uid: SERVICE_UIDS.postgres,
      gid: SERVICE_UIDS.postgres,
      mode: 0o700,
      claim: { namespace, name: "pgdata-postgres-0" },
    },
    {
      name: `${namespace}-backups`,
      size: claims.backups,
      uid: 0,
      gid: BACKUP_GID,
      mode: 0o2770,
      claim: { namespace, name: "backups" },
    },
  ];
}
