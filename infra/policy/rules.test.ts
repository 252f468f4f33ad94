import assert from "node:assert/strict";
import { test } from "vitest";
import { deployment, dockerContainer, pod } from "./fixtures.js";
import { capabilitiesDropped } from "./rules/capabilities.js";
import { healthChecked } from "./rules/health.js";
import { resourceLimits } from "./rules/limits.js";
import { metricsNotPublished } from "./rules/metricsNotPublished.js";
import { nonRoot } from "./rules/nonRoot.js";
import { previewLoopbackOnly } from "./rules/previewLoopback.js";
import { internalNetworksGuarded } from "./rules/internalGuarded.js";
import { noPrivileged } from "./rules/privileged.js";
import { readOnlyRoot } from "./rules/readOnlyRoot.js";
import { noSecretsInEnv } from "./rules/secretsInEnv.js";

test("compliant Docker containers and Deployments pass every resource rule", () => {
  for (const rule of [
    nonRoot,
    readOnlyRoot,
    capabilitiesDropped,
    noPrivileged,
    resourceLimits,
    healthChecked,
    metricsNotPublished,
    noSecretsInEnv,
    previewLoopbackOnly,
  ]) {
    assert.deepEqual(rule.check(dockerContainer()), [], rule.name);
    assert.deepEqual(rule.check(deployment()), [], rule.name);
  }
});

test("non-root-user: root, a user name or no user on Docker; runAsUser 0 or no runAsNonRoot on Kubernetes", () => {
  assert.deepEqual(nonRoot.check(dockerContainer({ user: "0:0" })), [
    'api: user "0:0" is not a numeric non-root uid:gid',
  ]);
  assert.equal(nonRoot.check(dockerContainer({ user: "postgres" })).length, 1);
  assert.equal(nonRoot.check(dockerContainer({ user: undefined })).length, 1);
  assert.deepEqual(nonRoot.check(dockerContainer({ user: undefined, start: false })), []);
  assert.deepEqual(nonRoot.check(deployment(pod({}, { securityContext: { runAsNonRoot: true, runAsUser: 0 } }))), [
    "api-blue/api: runAsNonRoot must be true and runAsUser > 0 (received true, 0)",
  ]);
  assert.equal(
    nonRoot.check(deployment(pod({ securityContext: { runAsNonRoot: false, allowPrivilegeEscalation: false } })))
      .length,
    1,
  );
});

test("read-only-root: a writable root fails; a never-started file carrier is exempt", () => {
  assert.deepEqual(readOnlyRoot.check(dockerContainer({ readOnly: false })), ["api: readOnly must be true"]);
  assert.deepEqual(readOnlyRoot.check(dockerContainer({ readOnly: false, start: false })), []);
  assert.deepEqual(readOnlyRoot.check(deployment(pod({ securityContext: { readOnlyRootFilesystem: false } }))), [
    "api-blue/api: securityContext.readOnlyRootFilesystem must be true",
  ]);
});

test("capabilities-dropped: ALL must be dropped; only NET_BIND_SERVICE may come back", () => {
  assert.equal(capabilitiesDropped.check(dockerContainer({ capabilities: { drops: ["NET_RAW"] } })).length, 1);
  assert.deepEqual(
    capabilitiesDropped.check(
      dockerContainer({ capabilities: { drops: ["ALL"], adds: ["SYS_ADMIN", "NET_BIND_SERVICE"] } }),
    ),
    ["api: capabilities added back: SYS_ADMIN; allowed: NET_BIND_SERVICE"],
  );
  assert.equal(
    capabilitiesDropped.check(deployment(pod({ securityContext: { capabilities: { drop: [] } } }))).length,
    1,
  );
});

test("no-privileged: privileged, missing no-new-privileges, host namespaces, privilege escalation", () => {
  assert.deepEqual(noPrivileged.check(dockerContainer({ privileged: true })), ["api: privileged must not be true"]);
  assert.deepEqual(noPrivileged.check(dockerContainer({ securityOpts: [] })), [
    "api: securityOpts must include no-new-privileges:true",
  ]);
  assert.deepEqual(noPrivileged.check(dockerContainer({ networkMode: "host" })), ["api: networkMode must not be host"]);
  assert.deepEqual(noPrivileged.check(deployment(pod({}, { hostNetwork: true }))), [
    "api-blue: hostNetwork must not be true",
  ]);
  assert.deepEqual(noPrivileged.check(deployment(pod({ securityContext: { readOnlyRootFilesystem: true } }))), [
    "api-blue/api: allowPrivilegeEscalation must be false",
  ]);
});

test("resource-limits: memory and cpus on Docker, limits.cpu and limits.memory on Kubernetes", () => {
  assert.deepEqual(resourceLimits.check(dockerContainer({ memory: undefined, cpus: undefined })), [
    "api: memory limit (MiB) must be set",
    "api: cpus limit must be set",
  ]);
  assert.equal(resourceLimits.check(deployment(pod({ resources: { limits: { memory: "1Gi" } } }))).length, 1);
});

test("health-checks: Docker healthcheck, liveness and readiness; run-to-completion pods are exempt", () => {
  assert.deepEqual(healthChecked.check(dockerContainer({ healthcheck: { tests: ["NONE"] } })), [
    "api: healthcheck.tests must be set",
  ]);
  assert.deepEqual(healthChecked.check(deployment(pod({ readinessProbe: undefined }))), [
    "api-blue/api: livenessProbe and readinessProbe must be set",
  ]);
  const job = {
    ...deployment(pod({ livenessProbe: undefined, readinessProbe: undefined })),
    type: "kubernetes:batch/v1:CronJob",
  };
  assert.deepEqual(healthChecked.check(job), []);
});

test("metrics-port-not-published: a published metrics port, publishAllPorts, a NodePort Service, a hostPort", () => {
  assert.deepEqual(metricsNotPublished.check(dockerContainer({ ports: [{ internal: 9464, external: 9464 }] })), [
    "api: metrics port 9464 is published",
  ]);
  assert.equal(metricsNotPublished.check(dockerContainer({ publishAllPorts: true })).length, 1);
  const service = (type: string) => ({
    type: "kubernetes:core/v1:Service",
    name: "m",
    props: { spec: { type, ports: [{ name: "metrics", port: 9464, targetPort: "metrics" }] } },
  });
  assert.deepEqual(metricsNotPublished.check(service("NodePort")), ["m: NodePort Service exposes metrics port 9464"]);
  assert.deepEqual(metricsNotPublished.check(service("ClusterIP")), []);
  assert.equal(
    metricsNotPublished.check(deployment(pod({ ports: [{ name: "metrics", containerPort: 9464, hostPort: 9464 }] })))
      .length,
    1,
  );
});

test("preview-loopback-only: a preview listener published beyond loopback fails; on 127.0.0.1 it passes", () => {
  const ports = (ip?: string) => [
    { internal: 8443, external: 443, ip: "0.0.0.0" },
    { internal: 8445, external: 19445, ...(ip ? { ip } : {}) },
  ];
  assert.deepEqual(previewLoopbackOnly.check(dockerContainer({ ports: ports("0.0.0.0") })), [
    "api: preview port 8445 is published on 0.0.0.0; allowed: 127.0.0.1",
  ]);
  assert.deepEqual(previewLoopbackOnly.check(dockerContainer({ ports: ports() })), [
    "api: preview port 8445 is published on every address; allowed: 127.0.0.1",
  ]);
  assert.deepEqual(previewLoopbackOnly.check(dockerContainer({ ports: ports("127.0.0.1") })), []);
});

test("no-secrets-in-env: secret names without _FILE, key material anywhere; values never echoed", () => {
  const found = noSecretsInEnv.check(dockerContainer({ envs: ["DATABASE_PASSWORD=hunter2", "LOG_LEVEL=info"] }));
  assert.deepEqual(found, [
    "api: DATABASE_PASSWORD looks like a secret in plain text (value hidden); deliver it as a file and set DATABASE_PASSWORD_FILE",
  ]);
  assert.ok(!found.join("").includes("hunter2"));
  assert.equal(noSecretsInEnv.check(dockerContainer({ envs: ["TLS=-----BEGIN EC PRIVATE KEY-----\nabc"] })).length, 1);
  assert.equal(noSecretsInEnv.check(deployment(pod({ env: [{ name: "ADMIN_API_KEY", value: "k" }] }))).length, 1);
  assert.deepEqual(
    noSecretsInEnv.check(
      deployment(pod({ env: [{ name: "ADMIN_API_KEY", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }] })),
    ),
    [],
  );
});

test("internal-networks-guarded: an internal Docker network must name its bridge with the host guard's prefix", () => {
  const network = (props: Record<string, unknown>) => ({
    type: "docker:index/network:Network",
    name: "backend",
    props,
  });
  const named = { "com.docker.network.bridge.name": "vint-1f1ead8663" };
  assert.deepEqual(internalNetworksGuarded.check(network({ internal: true, options: named })), []);
  assert.deepEqual(internalNetworksGuarded.check(network({ internal: false })), [], "the edge network is not internal");
  assert.deepEqual(internalNetworksGuarded.check(dockerContainer()), []);
  assert.deepEqual(internalNetworksGuarded.check(network({ internal: true })), [
    'backend: internal network\'s com.docker.network.bridge.name is null; it must start with "vint-" (bridgeOptions in infra/model/hostGuard.ts)',
  ]);
  assert.deepEqual(
    internalNetworksGuarded.check(network({ internal: true, options: { "com.docker.network.bridge.name": "br-x" } })),
    [
      'backend: internal network\'s com.docker.network.bridge.name is "br-x"; it must start with "vint-" (bridgeOptions in infra/model/hostGuard.ts)',
    ],
  );
});
