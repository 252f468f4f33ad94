import { afterAll, beforeAll, expect, test } from "vitest";
import type { UpResult } from "@pulumi/pulumi/automation/index.js";
import { preview, up } from "../../infra/automation/index.js";
import { say } from "../../infra/exec/progress.js";
import type { CommandError } from "../../infra/exec/run.js";
import { KUBE_PROD_OVERRIDES, kubeProd, type KubeProd } from "../support/kubeProd.js";
import { DEPLOY_STEPS, opsMix, opsUnderLoad, stepsOf } from "../support/opsUnderLoad.js";
import { opsOn, releaseCandidate } from "../support/pulumiOps.js";
import { imageEnvName } from "../../infra/pulumi/images.js";
import { type KubeProxy, serviceUrl, startKubeProxy } from "../../runbooks/targets/pulumi/kubeProxy.js";
import type { Target } from "../../bench/load/client.js";

/**
 * Prod's stack file on the Kubernetes target, applied by the engine to a cluster of its own whose one node
 * runs the pods for real on this host's Docker engine (the program execs into the api to prove it migrated
 * and smokes it through the apiserver, which kwok's simulated pods cannot answer): images by digest from the
 * local registry, secrets and the TLS pair from encrypted stack config, under the policy pack and Pod
 * Security "restricted", enforced on the namespace the stack makes. What differs from prod's file, and why:
 * tests/support/kubeProd.ts. Then the runbooks on it: `ops deploy`, `ops flip`, `ops rollback` and
 * `ops status`, under a mixed load through the active Service (the API server's service proxy, as
 * `kubectl proxy` serves it on 127.0.0.1): no request may fail.
 */
const STACK = "citestk8s";
/**
 * The load here is lighter than the Docker runbook suite's (4 requests/s of liveness, math, logic and a
 * sandbox job): the api pods have a quarter of a core each on a node that shares 2 cores with three other
 * live lanes, and a heavier mix made the suite overrun its time budget.
 */
const LOAD_ENGINES = ["math", "logic"];
const LOAD_RATE = 4;
let prod: KubeProd;
let applied: UpResult;
let release: Awaited<ReturnType<typeof releaseCandidate>>;
let proxy: KubeProxy;
let mix: Target[];

beforeAll(async () => {
  prod = await kubeProd(STACK);
  say(`… pulumi up ${STACK} (prod on Kubernetes, a real node, images by digest from the local registry)`);
  [applied, release] = await Promise.all([
    up(prod.options()),
    releaseCandidate(prod.project.images[imageEnvName("api")]!, STACK),
  ]);
  proxy = await startKubeProxy({ namespace: prod.namespace }, prod.project.env);
  const url = serviceUrl(proxy, prod.namespace, "api");
  mix = await opsMix(url, undefined, String(applied.outputs.adminApiKey?.value), STACK, LOAD_ENGINES);
}, 900_000);

afterAll(async () => {
  proxy?.stop();
  await release?.remove();
  await prod?.close();
});

interface Pod {
  metadata: { name: string; labels: Record<string, string> };
  spec: { containers: { image: string }[] };
  status: { phase: string; conditions?: { type: string; status: string }[] };
}
const role = (pod: Pod) => pod.metadata.labels["app.kubernetes.io/component"]!;
const getJson = async <T>(args: string[]): Promise<T> =>
  JSON.parse(await prod.kubectl(["-n", prod.namespace, "get", ...args, "-o", "json"])) as T;

test("applied under the policy pack into a namespace enforcing restricted: every pod admitted, ready, running its digest", async () => {
  expect(applied.summary.result).toBe("succeeded");
  const ns = await getJson<{ metadata: { labels: Record<string, string> } }>(["namespace", prod.namespace]);
  expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  const pods = (await getJson<{ items: Pod[] }>(["pods"])).items;
  const api = Array(2 * KUBE_PROD_OVERRIDES.apiReplicas).fill("api");
  expect(pods.map(role).sort()).toEqual([...api, "postgres", "redis", "sandbox"].sort());
  for (const pod of pods) {
    expect([pod.metadata.name, pod.status.phase]).toEqual([pod.metadata.name, "Running"]);
    expect(pod.status.conditions?.find((c) => c.type === "Ready")?.status, pod.metadata.name).toBe("True");
    for (const c of pod.spec.containers) expect(c.image).toBe(prod.digests[role(pod)]);
  }
});

test("each claim bound to the volume reserved for it", async () => {
  type Claim = { metadata: { name: string }; spec: { volumeName: string }; status: { phase: string } };
  const claims = (await getJson<{ items: Claim[] }>(["pvc"])).items;
  expect(claims.map((c) => [c.metadata.name, c.spec.volumeName, c.status.phase]).sort()).toEqual([
    ["backups", `${prod.namespace}-backups`, "Bound"],
    ["pgdata-postgres-0", `${prod.namespace}-pgdata`, "Bound"],
  ]);
});

test("the api answers ready (Postgres and Redis reached) through the active Service", async () => {
  const path = `/api/v1/namespaces/${prod.namespace}/services/api:http/proxy/health/ready`;
  expect(JSON.parse(await prod.kubectl(["get", "--raw", path]))).toEqual({
    status: "ready",
    checks: { postgres: "ok", redis: "ok" },
  });
});

test("idempotent: a preview expecting no changes passes", { timeout: 300_000 }, async () => {
  const planned = await preview({ ...prod.options(), expectNoChanges: true });
  expect(Object.keys(planned.changeSummary).filter((k) => k !== "same")).toEqual([]);
});

test("admission is real: a pod that may run as root is refused in the stack's namespace, naming the rule", async () => {
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "may-run-as-root", namespace: prod.namespace },
    spec: { containers: [{ name: "api", image: prod.digests.api }] },
  };
  const refused = await prod.kubectl(["apply", "-f", "-"], JSON.stringify(pod)).then(
    () => "admitted",
    (e: CommandError) => e.message,
  );
  expect(refused).toMatch(/forbidden: violates PodSecurity "restricted:latest":.*runAsNonRoot != true/);
});

const ops = (command: string, ...args: string[]) => opsOn(prod.project, "prod", prod.overrides, command, ...args);
const underLoad = (command: string, ...args: string[]) =>
  opsUnderLoad(
    { url: serviceUrl(proxy, prod.namespace, "api"), mix, rate: LOAD_RATE },
    command,
    () => ops(command, ...args),
    (r) => (r.code === 0 ? undefined : `${JSON.stringify(r.answer.error)}\n${r.stderr.slice(-3000)}`),
  );
/** The image every api pod of a colour runs. */
const imagesOf = async (colour: string) =>
  new Set(
    (await getJson<{ items: Pod[] }>(["pods", "-l", `verifier/colour=${colour}`])).items.flatMap((p) =>
      p.spec.containers.map((c) => c.image),
    ),
  );

test("ops deploy --image <digest>: the idle colour's Deployment rolls out, is smoked through its preview Service, then serves; no request fails", {
  timeout: 600_000,
}, async () => {
  const { result, paths } = await underLoad("deploy", "--image", release.ref, "--yes");
  expect(stepsOf(result.answer)).toEqual(DEPLOY_STEPS.map((kind) => [kind, true]));
  expect(result.answer.steps[3].result).toEqual({ ok: true, total: 3, passed: 3, failures: [] });
  expect([await imagesOf("blue"), await imagesOf("green")]).toEqual([
    new Set([prod.digests.api]),
    new Set([release.ref]),
  ]);
  expect(paths).toEqual(new Set(["blue → green"]));
});

test("ops flip, then ops rollback: one selector change each, both colours warm; no request fails", {
  timeout: 600_000,
}, async () => {
  const flipped = await underLoad("flip", "--yes");
  expect(flipped.paths).toEqual(new Set(["green → blue"]));
  const rolled = await underLoad("rollback", "--yes");
  expect(rolled.result.answer.plan.image).toBe(release.ref);
  expect(rolled.paths).toEqual(new Set(["blue → green"]));
});

test("ops status: the live colour, each colour's image, and every pod's health from the API server", {
  timeout: 120_000,
}, async () => {
  const { code, answer } = await ops("status");
  expect(code, JSON.stringify(answer.error)).toBe(0);
  expect([answer.activeColour, answer.colours.blue.image, answer.colours.green.image]).toEqual([
    "green",
    prod.digests.api,
    release.ref,
  ]);
  expect([answer.colours.blue.role, answer.colours.green.role, answer.colours.green.healthy]).toEqual([
    "idle",
    "live",
    true,
  ]);
  const pods = (await getJson<{ items: Pod[] }>(["pods"])).items.map((p) => p.metadata.name).sort();
  expect(answer.containers.map((c: { name: string }) => c.name).sort()).toEqual(pods);
  for (const c of answer.containers) expect([c.name, c.status, c.health]).toEqual([c.name, "running", "healthy"]);
});
