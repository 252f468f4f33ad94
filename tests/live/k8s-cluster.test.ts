import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import type { CommandError } from "../../infra/exec/run.js";
import { startCluster, status } from "../../infra/cluster/index.js";
import { eventually } from "../support/docker.js";
import { REPO_ROOT } from "../support/instance.js";
import { kubectlOf } from "../support/kube.js";

/**
 * The lane's control plane (tests/support/clusterSetup.ts: own state directory, own ports), built from
 * the Go modules of cluster/, proven with its own kubectl: the pinned version, Pod Security admission,
 * Deployments on kwok nodes, and a Job (made from a CronJob) that completes. kwok's stages make pods
 * Running/Ready, and the pods of Jobs Succeeded; no container ever runs, so images are never pulled.
 */
const cluster = inject("cluster");
const NS = "cluster-proof";

const kubectl = kubectlOf(cluster);
const getJson = async <T>(args: string[]): Promise<T> => JSON.parse(await kubectl(["get", ...args, "-o", "json"])) as T;
const apply = (obj: object) => kubectl(["apply", "-f", "-"], JSON.stringify(obj));
const pinned = /^\s*k8s\.io\/kubernetes (v\S+)/m.exec(
  readFileSync(join(REPO_ROOT, "cluster", "kubernetes", "go.mod"), "utf8"),
)?.[1];

const RESTRICTED_SECURITY = {
  runAsNonRoot: true,
  runAsUser: 10001,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};
const pod = (ns: string, name: string, securityContext?: object) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns },
  spec: {
    containers: [{ name: "app", image: "example.invalid/app:1", ...(securityContext ? { securityContext } : {}) }],
  },
});

describe("a local control plane built from Go modules", () => {
  it("reports the version cluster/kubernetes/go.mod pins, server and client alike", async () => {
    const v = JSON.parse(await kubectl(["version", "-o", "json"]));
    expect(pinned).toMatch(/^v1\.\d+\.\d+$/);
    expect([v.serverVersion.gitVersion, v.clientVersion.gitVersion]).toEqual([pinned, pinned]);
  });

  it("answers up again without restarting anything", async () => {
    const before = await status({ stateDir: cluster.stateDir });
    const again = await startCluster({ name: "citest", stateDir: cluster.stateDir });
    expect(again.server).toBe(cluster.server);
    expect((await status({ stateDir: cluster.stateDir })).components).toEqual(before.components);
  });

  it("refuses a pod that may run as root in a restricted namespace, and admits a compliant one", async () => {
    await kubectl(["create", "namespace", "locked"]);
    await kubectl(["label", "namespace", "locked", "pod-security.kubernetes.io/enforce=restricted"]);
    const refused = await apply(pod("locked", "root")).then(
      () => undefined,
      (e: CommandError) => e.message,
    );
    expect(refused).toMatch(/forbidden: violates PodSecurity "restricted:latest":.*runAsNonRoot != true/);
    await apply(pod("locked", "nonroot", RESTRICTED_SECURITY));
    const phase = await eventually(
      () => kubectl(["get", "pod", "-n", "locked", "nonroot", "-o", "jsonpath={.status.phase}"]),
      (p) => p === "Running",
      60_000,
    );
    expect(phase).toBe("Running");
  });

  it("makes a Deployment of 2 replicas Available on the kwok nodes", async () => {
    await kubectl(["create", "namespace", NS]);
    await kubectl(["-n", NS, "create", "deployment", "web", "--image=example.invalid/web:1", "--replicas=2"]);
    await kubectl(["-n", NS, "rollout", "status", "deployment/web", "--timeout=90s"]);
    const d = await getJson<{ status: { readyReplicas?: number; availableReplicas?: number } }>([
      "-n",
      NS,
      "deployment",
      "web",
    ]);
    expect([d.status.readyReplicas, d.status.availableReplicas]).toEqual([2, 2]);
    const pods = await getJson<{ items: { spec: { nodeName?: string }; status: { phase: string } }[] }>([
      "-n",
      NS,
      "pods",
      "-l",
      "app=web",
    ]);
    expect(pods.items.map((p) => p.status.phase)).toEqual(["Running", "Running"]);
    expect(pods.items.every((p) => /^kwok-node-\d$/.test(p.spec.nodeName ?? ""))).toBe(true);
  });

  it("runs a Job made from a CronJob to completion", async () => {
    await kubectl(["-n", NS, "create", "cronjob", "nightly", "--image=example.invalid/job:1", "--schedule=0 3 * * *"]);
    await kubectl(["-n", NS, "create", "job", "nightly-now", "--from=cronjob/nightly"]);
    await kubectl(["-n", NS, "wait", "--for=condition=Complete", "job/nightly-now", "--timeout=90s"]);
    const pods = await getJson<{ items: { status: { phase: string } }[] }>([
      "-n",
      NS,
      "pods",
      "-l",
      "job-name=nightly-now",
    ]);
    expect(pods.items.map((p) => p.status.phase)).toEqual(["Succeeded"]);
  });
});
