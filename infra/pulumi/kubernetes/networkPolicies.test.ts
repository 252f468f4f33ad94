import assert from "node:assert/strict";
import { test } from "vitest";
import { modelOf } from "../testing/models.js";
import { networkPolicies } from "./networkPolicies.js";

const pods = (role: string) => ({
  podSelector: { matchLabels: { "app.kubernetes.io/instance": "verifier-prod", "app.kubernetes.io/component": role } },
});
const monitoring = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } };
const tcp = (port: number) => [{ port, protocol: "TCP" }];

test("prod: deny by default, then exactly the model's flows", () => {
  const byName = Object.fromEntries(networkPolicies(modelOf("prod")).map((p) => [p.name, p.spec]));
  assert.deepEqual(Object.keys(byName), ["default-deny", "dns", "api", "postgres", "redis", "sandbox", "backup"]);
  assert.deepEqual(byName["default-deny"], { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  assert.deepEqual(byName.dns!.podSelector, {
    matchExpressions: [{ key: "app.kubernetes.io/component", operator: "NotIn", values: ["sandbox"] }],
  });
  assert.deepEqual(byName.api, {
    podSelector: pods("api").podSelector,
    policyTypes: ["Ingress", "Egress"],
    ingress: [{ ports: tcp(8080) }, { from: [monitoring], ports: tcp(9464) }],
    egress: [
      { to: [pods("postgres")], ports: tcp(5432) },
      { to: [pods("redis")], ports: tcp(6379) },
      { to: [pods("sandbox")], ports: tcp(8090) },
    ],
  });
  assert.deepEqual(byName.postgres, {
    podSelector: pods("postgres").podSelector,
    policyTypes: ["Ingress"],
    ingress: [{ from: [pods("api"), pods("backup")], ports: tcp(5432) }],
  });
  assert.deepEqual(byName.sandbox, {
    podSelector: pods("sandbox").podSelector,
    policyTypes: ["Ingress"],
    ingress: [
      { from: [pods("api")], ports: tcp(8090) },
      { from: [monitoring], ports: tcp(9465) },
    ],
  });
  assert.deepEqual(byName.backup, {
    podSelector: pods("backup").podSelector,
    policyTypes: ["Ingress", "Egress"],
    ingress: [{ from: [monitoring], ports: tcp(9466) }],
    egress: [{ to: [pods("postgres")], ports: tcp(5432) }],
  });
});

test("an external database: no Postgres policy, egress to its port anywhere; no sandbox, no sandbox rules", () => {
  const model = modelOf("prod", {
    kubernetes: { namespace: "verifier", prometheusNamespace: "observability", externalDatabaseHost: "db.example" },
    sandbox: { enabled: false },
  });
  const byName = Object.fromEntries(networkPolicies(model).map((p) => [p.name, p.spec]));
  assert.deepEqual(Object.keys(byName), ["default-deny", "dns", "api", "redis", "backup"]);
  assert.deepEqual(byName.api!.egress, [
    { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: tcp(5432) },
    { to: [pods("redis")], ports: tcp(6379) },
  ]);
  assert.deepEqual(byName.api!.ingress![1]!.from, [
    { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "observability" } } },
  ]);
});
