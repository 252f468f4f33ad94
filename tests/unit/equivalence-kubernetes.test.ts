import { test } from "vitest";
import assert from "node:assert/strict";
import { runStack } from "../../infra/pulumi/testing/run.js";
import { composeOf, differences } from "./equivalence.js";
import { composePods, fromKubernetes } from "./kubeEquivalence.js";

/**
 * What Compose runs is what the Kubernetes target deploys: for every workload the pod's container agrees
 * with its Compose service on image, user, groups, environment (names and values), memory and CPU limits,
 * read-only root, capabilities and the process's grace period.
 */
const STAGING_ON_K8S = {
  target: "kubernetes",
  kubernetes: { namespace: "verifier-staging", context: "staging-cluster", storageClass: "fast-ssd" },
};
const CASES: [string, Record<string, unknown>, Record<string, unknown>][] = [
  ["prod", {}, { target: "docker" }],
  ["staging", STAGING_ON_K8S, {}],
];

for (const [stack, onKubernetes, onDocker] of CASES) {
  test(`${stack}: Compose and the Kubernetes target agree on every workload, by value`, async () => {
    const { compose, project } = composeOf(stack, onDocker);
    const kube = fromKubernetes(await runStack(stack, onKubernetes), project);
    assert.deepEqual([...kube.keys()].sort(), [
      "api-blue-1",
      "api-green-1",
      "backup",
      "backup-observer",
      "postgres",
      "redis",
      "sandbox",
    ]);
    assert.deepEqual(differences(composePods(compose, kube.keys()), kube), []);
  });
}

test("a deliberate divergence is caught: a changed environment value, user or limit fails the comparison", async () => {
  const { compose, project } = composeOf("prod", { target: "docker" });
  const api = compose.services["api-green-1"] as { environment: Record<string, string> };
  api.environment = { ...api.environment, REDIS_HOST: "elsewhere" };
  (compose.services.backup as Record<string, unknown>).user = "0:0";
  (compose.services.sandbox as Record<string, unknown>).mem_limit = "2048m";
  const kube = fromKubernetes(await runStack("prod"), project);
  const found = differences(composePods(compose, kube.keys()), kube);
  assert.deepEqual(
    found.map((d) => d.slice(0, d.indexOf(":"))),
    ["api-green-1.env", "backup.user", "backup-observer.user", "sandbox.memoryMiB"],
  );
  assert.match(found[0]!, /compose=\{[^}]*"REDIS_HOST":"elsewhere"/);
  assert.deepEqual(found.slice(1), [
    'backup.user: compose="0:0" pulumi="10007:10007"',
    'backup-observer.user: compose="0:0" pulumi="10007:10007"',
    "sandbox.memoryMiB: compose=2048 pulumi=1024",
  ]);
});
