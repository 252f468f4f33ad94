import assert from "node:assert/strict";
import { test } from "vitest";
import { isSecretInput, isSecretOutput, plain, resolved } from "./testing/harness.js";
import { runStack, T, type StackRun } from "./testing/run.js";
import { BACKUP_CRONJOB } from "./kubernetes/names.js";
import { kubeMigrated, shellLine } from "./steps/plan.js";

const PROD_API =
  "registry.example.internal/verifier/api@sha256:1111111111111111111111111111111111111111111111111111111111111111";
const STAGING_ON_K8S = {
  target: "kubernetes",
  kubernetes: { namespace: "verifier-staging", context: "staging-cluster", storageClass: "fast-ssd" },
};

function expectedKubernetes(p: string, o: { generatedTls: boolean; externalDb: boolean }): string[] {
  const policies = ["default-deny", "dns", "api", ...(o.externalDb ? [] : ["postgres"]), "redis", "sandbox", "backup"];
  const slot = (c: string) => [
    `verifier:api:ApiSlot ${p}-api-${c}`,
    `${T.deployment} ${p}-api-${c}-deployment`,
    `${T.pdb} ${p}-api-${c}-pdb`,
    `${T.command} ${p}-api-${c}-migrated`,
  ];
  return [
    `${T.k8sProvider} ${p}-k8s`,
    `verifier:network:Networks ${p}-networks`,
    `${T.namespace} ${p}-networks-namespace`,
    ...policies.map((n) => `${T.networkPolicy} ${p}-networks-${n}`),
    `verifier:secrets:Secrets ${p}-secrets`,
    ...(o.generatedTls ? [`${T.command} ${p}-secrets-tls-pair`] : []),
    `${T.secret} ${p}-secrets-opaque`,
    `${T.secret} ${p}-secrets-tls`,
    `verifier:storage:Storage ${p}-storage`,
    `${T.pvc} ${p}-storage-backups`,
    `verifier:data:Database ${p}-database`,
    `${T.service} ${p}-database-service`,
    ...(o.externalDb ? [] : [`${T.statefulSet} ${p}-database-statefulset`]),
    `verifier:data:Cache ${p}-cache`,
    `${T.deployment} ${p}-cache-deployment`,
    `${T.service} ${p}-cache-service`,
    `verifier:sandbox:Sandbox ${p}-sandbox`,
    `${T.deployment} ${p}-sandbox-deployment`,
    `${T.service} ${p}-sandbox-service`,
    ...slot("blue"),
    ...slot("green"),
    `verifier:traffic:TrafficSwitch ${p}-traffic`,
    `${T.service} ${p}-traffic-active`,
    `${T.service} ${p}-traffic-preview`,
    `${T.command} ${p}-traffic-smoke`,
    `verifier:metrics:Metrics ${p}-metrics`,
    `${T.service} ${p}-metrics-api`,
    `${T.service} ${p}-metrics-sandbox`,
    `${T.service} ${p}-metrics-backup`,
    `${T.configMap} ${p}-metrics-config`,
    `verifier:backup:BackupSchedule ${p}-backup`,
    `${T.cronJob} ${p}-backup-cronjob`,
    `${T.deployment} ${p}-backup-observer`,
  ];
}

const resourceSet = (run: StackRun) => run.resources.map((r) => `${r.type} ${r.name}`);
const byName = (run: StackRun, type: string, name: string) => plain(run.get(type, name).inputs);

test("prod: the exact resource set; every Kubernetes object under a component and managed by the stack's provider", async () => {
  const run = await runStack("prod");
  assert.deepEqual(resourceSet(run), expectedKubernetes("verifier-prod", { generatedTls: false, externalDb: false }));
  for (const r of run.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
    assert.ok(
      r.parent &&
        run.resources.some(
          (c) => c.name === r.parent && c.type.startsWith("verifier:") && r.name.startsWith(`${c.name}-`),
        ),
      r.name,
    );
    assert.match(r.provider ?? "", /::verifier-prod-k8s::verifier-prod-k8s-id$/, r.name);
  }
  assert.deepEqual(run.get(T.k8sProvider, "verifier-prod-k8s").inputs, {});
});

test("staging on Kubernetes and an external database: the exact resource sets", async () => {
  assert.deepEqual(
    resourceSet(await runStack("staging", STAGING_ON_K8S)),
    expectedKubernetes("verifier-staging", { generatedTls: false, externalDb: false }),
  );
  const external = await runStack("prod", {
    kubernetes: { namespace: "verifier", externalDatabaseHost: "db.internal.example" },
  });
  assert.deepEqual(
    resourceSet(external),
    expectedKubernetes("verifier-prod", { generatedTls: false, externalDb: true }),
  );
  assert.deepEqual(byName(external, T.service, "verifier-prod-database-service").spec, {
    type: "ExternalName",
    externalName: "db.internal.example",
  });
});

test("prod outputs: the active Service URL, digests per colour, the backup claim, a secret admin key", async () => {
  const { outputs } = await runStack("prod");
  assert.equal(await resolved(outputs.url), "http://api.verifier.svc.cluster.local:8080");
  assert.equal(outputs.activeColour, "blue");
  assert.equal(await resolved(outputs.apiImages.green), PROD_API);
  assert.equal(await resolved(outputs.backupLocation), "backups");
  assert.equal(await isSecretOutput(outputs.adminApiKey), true);
  assert.equal(await resolved(outputs.adminApiKey), "adminApiKey-from-config");
});

test("the namespace enforces Pod Security restricted; secrets are Secrets with secret inputs", async () => {
  const run = await runStack("prod");
  const labels = byName(run, T.namespace, "verifier-prod-networks-namespace").metadata.labels;
  assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted");
  const opaque = run.get(T.secret, "verifier-prod-secrets-opaque").inputs;
  assert.equal(isSecretInput(opaque.stringData), true);
  assert.deepEqual(plain(opaque.stringData), {
    db_password: "dbPassword-from-config",
    db_owner_password: "dbOwnerPassword-from-config",
    db_app_password: "dbAppPassword-from-config",
    db_backup_password: "dbBackupPassword-from-config",
    redis_password: "redisPassword-from-config",
    admin_api_key: "adminApiKey-from-config",
    sandbox_token: "sandboxToken-from-config",
  });
  const tls = run.get(T.secret, "verifier-prod-secrets-tls").inputs;
  assert.equal(tls.type, "kubernetes.io/tls");
  assert.equal(isSecretInput(tls.stringData), true);
  assert.deepEqual(plain(tls.stringData), { "tls.crt": "tlsCert-from-config", "tls.key": "tlsKey-from-config" });
});

test("the active Service selects the active colour, the preview Service the idle one; nothing is exposed outside the cluster", async () => {
  const run = await runStack("prod", { activeColour: "green" });
  assert.equal(byName(run, T.service, "verifier-prod-traffic-active").metadata.name, "api");
  assert.equal(byName(run, T.service, "verifier-prod-traffic-active").spec.selector["verifier/colour"], "green");
  assert.equal(byName(run, T.service, "verifier-prod-traffic-preview").spec.selector["verifier/colour"], "blue");
  assert.deepEqual(byName(run, T.service, "verifier-prod-traffic-active").spec.ports, [
    { name: "http", port: 8080, targetPort: "http", protocol: "TCP" },
  ]);
  assert.deepEqual(byName(run, T.service, "verifier-prod-metrics-api").spec.ports, [
    { name: "metrics", port: 9464, targetPort: "metrics", protocol: "TCP" },
  ]);
  for (const s of run.ofType(T.service))
    assert.ok([undefined, "ExternalName"].includes(plain(s.inputs).spec.type), s.name);
  assert.equal(
    run.get(T.service, "verifier-prod-traffic-active").options.dependsOn[0],
    "verifier-prod-api-green-migrated",
  );
});

test("the backup CronJob: the configured schedule in UTC, one at a time, run once, beside Postgres on the shared claim", async () => {
  const run = await runStack("prod");
  const spec = byName(run, T.cronJob, "verifier-prod-backup-cronjob").spec;
  assert.equal(spec.schedule, "0 */6 * * *");
  assert.equal(spec.timeZone, "Etc/UTC");
  assert.equal(spec.concurrencyPolicy, "Forbid");
  const pod = spec.jobTemplate.spec.template.spec;
  assert.equal(pod.restartPolicy, "Never");
  assert.deepEqual(pod.containers[0].args, ["node", "/app/dist/src/backup/main.js", "run"]);
  assert.equal(
    pod.containers[0].image,
    "registry.example.internal/verifier/backup@sha256:7777777777777777777777777777777777777777777777777777777777777777",
  );
  assert.ok(
    pod.containers[0].env.some((e: { name: string; value: string }) => e.name === "BACKUP_RETAIN" && e.value === "14"),
  );
  assert.equal(pod.containers[0].livenessProbe, undefined);
  assert.equal(
    pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels[
      "app.kubernetes.io/component"
    ],
    "postgres",
  );
  assert.deepEqual(pod.volumes.at(-1), { name: "backups", persistentVolumeClaim: { claimName: "backups" } });
  assert.equal(run.get(T.pvc, "verifier-prod-storage-backups").options.retainOnDelete, true);
});

test("the backup CronJob has the name the runbooks make their Jobs from", async () => {
  const run = await runStack("prod");
  assert.deepEqual(
    run.ofType(T.cronJob).map((c) => c.inputs.metadata.name),
    [BACKUP_CRONJOB],
  );
});

test("destroy leaves the namespace, whose deletion would take the retained claims with it", async () => {
  const run = await runStack("prod");
  assert.equal(run.get(T.namespace, "verifier-prod-networks-namespace").options.retainOnDelete, true);
});

test("Postgres: one replica, data on a retained claim, behind a headless Service", async () => {
  const run = await runStack("staging", STAGING_ON_K8S);
  const spec = byName(run, T.statefulSet, "verifier-staging-database-statefulset").spec;
  assert.equal(spec.replicas, 1);
  assert.equal(spec.serviceName, "postgres");
  assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
  assert.deepEqual(spec.volumeClaimTemplates[0].spec, {
    accessModes: ["ReadWriteOnce"],
    storageClassName: "fast-ssd",
    resources: { requests: { storage: "10Gi" } },
  });
  assert.equal(byName(run, T.service, "verifier-staging-database-service").spec.clusterIP, "None");
});

test("claim sizes come from kubernetes.claims: Postgres's template and the backups claim", async () => {
  const claims = { pgdata: "50Gi", backups: "200Gi" };
  const run = await runStack("staging", { ...STAGING_ON_K8S, kubernetes: { ...STAGING_ON_K8S.kubernetes, claims } });
  const template = byName(run, T.statefulSet, "verifier-staging-database-statefulset").spec.volumeClaimTemplates[0];
  assert.deepEqual(template.spec.resources, { requests: { storage: "50Gi" } });
  assert.deepEqual(byName(run, T.pvc, "verifier-staging-storage-backups").spec.resources, {
    requests: { storage: "200Gi" },
  });
});

test("steps run kubectl against the stack's context; the migrated proof re-runs when the image changes", async () => {
  const run = await runStack("staging", STAGING_ON_K8S);
  assert.deepEqual(run.get(T.k8sProvider, "verifier-staging-k8s").inputs, { context: "staging-cluster" });
  const migrate = run.get(T.command, "verifier-staging-api-green-migrated");
  assert.equal(
    migrate.inputs.create,
    shellLine(
      kubeMigrated({ context: "staging-cluster", namespace: "verifier-staging" }, "api-green", {
        "app.kubernetes.io/name": "verifier",
        "app.kubernetes.io/instance": "verifier-staging",
        "app.kubernetes.io/component": "api",
        "verifier/colour": "green",
      }),
    ),
  );
  assert.deepEqual(migrate.inputs.triggers, ["registry.example.internal/verifier/api:0.1.0"]);
  assert.deepEqual(migrate.options.dependsOn, ["verifier-staging-api-green-deployment"]);
  assert.equal(
    run.get(T.command, "verifier-staging-traffic-smoke").inputs.create,
    "kubectl --context staging-cluster --namespace verifier-staging get --raw /api/v1/namespaces/verifier-staging/services/api:http/proxy/health/ready",
  );
  assert.deepEqual(byName(run, T.pdb, "verifier-staging-api-blue-pdb").spec, {
    maxUnavailable: 1,
    selector: {
      matchLabels: byName(run, T.deployment, "verifier-staging-api-blue-deployment").spec.selector.matchLabels,
    },
  });
});

test("the cluster's Prometheus gets the scrape jobs and the model's alert rules in its namespace", async () => {
  const run = await runStack("prod");
  const cm = byName(run, T.configMap, "verifier-prod-metrics-config");
  assert.equal(cm.metadata.namespace, "monitoring");
  assert.equal(
    cm.data["verifier-alerts.yml"],
    run.model.services.find((s) => s.role === "prometheus")!.configFiles.find((f) => f.name === "alerts.yml")!.content,
  );
  assert.match(cm.data["verifier-scrape.yml"], /job_name: api\n/);
  assert.match(cm.data["verifier-scrape.yml"], /regex: api-metrics\n/);
});
