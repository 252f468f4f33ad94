import assert from "node:assert/strict";
import { test } from "vitest";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { CronJob } from "kubernetes-models/batch/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service } from "kubernetes-models/v1";
import { plain } from "../testing/harness.js";
import { runStack } from "../testing/run.js";

/** Every kind the target creates, with its schema model (kubernetes-models: the OpenAPI schema, no cluster). */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "v1/ConfigMap": ConfigMap,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "batch/v1/CronJob": CronJob,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
};

const VARIANTS: [string, Record<string, unknown>][] = [
  ["prod", {}],
  [
    "prod",
    { kubernetes: { namespace: "verifier", externalDatabaseHost: "db.internal.example" }, sandbox: { enabled: false } },
  ],
  ["staging", { target: "kubernetes", kubernetes: { namespace: "verifier-staging", storageClass: "fast-ssd" } }],
];

for (const [stack, overrides] of VARIANTS) {
  test(`${stack} ${JSON.stringify(overrides)}: every Kubernetes object validates against the Kubernetes schema`, async () => {
    const run = await runStack(stack, overrides);
    const objects = run.resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => plain(r.inputs));
    assert.ok(objects.length >= 20);
    for (const object of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      assert.ok(Model, `no schema model for ${object.apiVersion} ${object.kind}`);
      assert.doesNotThrow(() => new Model(object).validate(), `${object.kind} ${object.metadata.name}`);
    }
  });
}

test("the validation is real: a malformed object is rejected", () => {
  const broken = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "x" },
    spec: { selector: {}, template: { spec: { containers: [{ name: "api", image: 1 }] } } },
  };
  assert.throws(() => new Deployment(broken as any).validate(), /image must be string/);
});
