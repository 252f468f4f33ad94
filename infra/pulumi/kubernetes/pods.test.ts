import assert from "node:assert/strict";
import { test } from "vitest";
import { RESOURCE_RULES, STACK_RULES } from "../../policy/policies.js";
import { plain } from "../testing/harness.js";
import { runStack, subjects, T, type StackRun } from "../testing/run.js";

const VARIANTS: [string, string, Record<string, unknown>][] = [
  ["prod", "prod", {}],
  ["staging on kubernetes", "staging", { target: "kubernetes", kubernetes: { namespace: "verifier-staging" } }],
  [
    "prod with an external database",
    "prod",
    { kubernetes: { namespace: "verifier", externalDatabaseHost: "db.internal.example" } },
  ],
];

/** Pod spec of each workload with the model service it runs. */
function workloads(run: StackRun) {
  const podOf = (type: string, spec: any) =>
    type === T.cronJob ? spec.jobTemplate.spec.template.spec : spec.template.spec;
  return [T.deployment, T.statefulSet, T.cronJob].flatMap((type) =>
    run.ofType(type).map((r) => {
      const inputs = plain(r.inputs);
      const labels = inputs.metadata.labels;
      const spec = run.model.services.find(
        (s) =>
          s.role === labels["app.kubernetes.io/component"] &&
          (s.colour === undefined || s.colour === labels["verifier/colour"]),
      )!;
      return { name: r.name, type, inputs, pod: podOf(type, inputs.spec), spec };
    }),
  );
}

for (const [title, stack, overrides] of VARIANTS) {
  test(`${title}: every pod is Pod Security restricted and carries every hardening field of its model service`, async () => {
    const run = await runStack(stack, overrides);
    for (const { name, type, pod, spec } of workloads(run)) {
      const [uid, gid] = spec.user.split(":").map(Number);
      assert.equal(pod.automountServiceAccountToken, false, name);
      assert.equal(pod.enableServiceLinks, false);
      // The api pauses 5 s before SIGTERM (preStop, inside the grace period) and still gets its own 45 s;
      // Postgres is sent SIGINT (its fast shutdown) by the hook, the model's stop signal, before the SIGTERM.
      const api = spec.role === "api";
      assert.equal(pod.terminationGracePeriodSeconds, api ? 50 : 45, name);
      const hooks: Record<string, unknown> = {
        api: { preStop: { sleep: { seconds: 5 } } },
        postgres: { preStop: { exec: { command: ["/bin/sh", "-c", "kill -INT 1"] } } },
      };
      assert.deepEqual(pod.containers[0].lifecycle, hooks[spec.role], name);
      // postgres (archiving WAL on prod) and the backup job share the backups claim through group 10100.
      const groups = spec.groups === undefined ? { fsGroup: gid } : { fsGroup: 10100, supplementalGroups: [10100] };
      assert.deepEqual(pod.securityContext, {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid,
        ...groups,
        seccompProfile: { type: "RuntimeDefault" },
      });
      assert.equal(pod.containers.length, 1);
      const c = pod.containers[0];
      assert.deepEqual(c.securityContext, {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
      const quantity = { cpu: `${spec.limits.cpus * 1000}m`, memory: `${spec.limits.memoryMiB}Mi` };
      assert.deepEqual(c.resources, { requests: quantity, limits: quantity });
      // Docker's metrics reach is not Kubernetes's: a pod's metrics listener binds its one address (the
      // NetworkPolicy guards the port) and Prometheus scrapes the sandbox itself, with no relay through the api.
      const { SANDBOX_METRICS_URL: _relay, ...env } = spec.env;
      if (env.METRICS_HOST) env.METRICS_HOST = "0.0.0.0";
      assert.deepEqual(
        c.env,
        Object.entries(env).map(([k, v]) => ({ name: k, value: v })),
      );
      assert.deepEqual(
        c.ports.map((p: { containerPort: number }) => p.containerPort),
        spec.ports.map((p) => p.container),
      );
      assert.ok(c.ports.every((p: Record<string, unknown>) => p.hostPort === undefined));
      const tmp = spec.tmpfs.map((t) => [t.target, `${t.sizeMiB}Mi`]);
      assert.deepEqual(
        pod.volumes
          .filter((v: any) => v.emptyDir)
          .map((v: any) => [c.volumeMounts.find((m: any) => m.name === v.name).mountPath, v.emptyDir.sizeLimit]),
        tmp,
      );
      assert.deepEqual(
        pod.volumes.find((v: any) => v.name === "secrets")?.secret.items.map((i: any) => i.key),
        spec.secrets,
      );
      if (type === T.cronJob) {
        assert.equal(c.livenessProbe, undefined);
      } else if (name.endsWith("-backup-observer")) {
        const probe = { httpGet: { path: "/health/live", port: "metrics" }, periodSeconds: 10, timeoutSeconds: 5 };
        assert.deepEqual(c.livenessProbe, { ...probe, initialDelaySeconds: 10, failureThreshold: 6 });
        assert.deepEqual(c.readinessProbe, { ...probe, failureThreshold: 3 });
      } else {
        assert.deepEqual(c.livenessProbe.exec.command, spec.healthcheck.test.slice(1));
        assert.equal(c.livenessProbe.initialDelaySeconds, spec.healthcheck.startPeriodSeconds);
        assert.ok(c.readinessProbe);
      }
    }
  });

  test(`${title}: the policy pack passes`, async () => {
    const run = await runStack(stack, overrides);
    const all = subjects(run);
    assert.deepEqual(
      all.flatMap((s) => RESOURCE_RULES.flatMap((r) => r.check(s))),
      [],
    );
    assert.deepEqual(
      STACK_RULES.flatMap((r) => r.check(all)),
      [],
    );
  });
}

test("the api's readiness is its readiness endpoint; the other services reuse their healthcheck", async () => {
  const run = await runStack("prod");
  const byRole = Object.fromEntries(workloads(run).map((w) => [w.spec.name, w.pod.containers[0]]));
  assert.deepEqual(byRole["api-blue-1"].readinessProbe, {
    httpGet: { path: "/health/live", port: "http" },
    periodSeconds: 5,
    timeoutSeconds: 4,
    failureThreshold: 6,
  });
  assert.deepEqual(byRole.redis.readinessProbe.exec.command, ["/usr/local/bin/redis-health"]);
  assert.equal(workloads(run).find((w) => w.spec.name === "api-green-1")!.inputs.spec.replicas, 3);
});

test("the backup observer runs `observe` with the backups claim read-only, beside Postgres, the one pod its metrics Service selects", async () => {
  const run = await runStack("prod");
  const observer = plain(run.get(T.deployment, "verifier-prod-backup-observer").inputs);
  const pod = observer.spec.template.spec;
  const c = pod.containers[0];
  assert.deepEqual(c.args, ["node", "/app/dist/src/backup/main.js", "observe"]);
  assert.deepEqual(
    c.volumeMounts.filter((m: { mountPath: string }) => m.mountPath === "/backups"),
    [{ name: "backups", mountPath: "/backups", readOnly: true }],
  );
  assert.deepEqual(observer.spec.strategy, { type: "Recreate" });
  assert.deepEqual(
    pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels[
      "app.kubernetes.io/component"
    ],
    "postgres",
  );
  const service = plain(run.get(T.service, "verifier-prod-metrics-backup").inputs).spec;
  assert.deepEqual(service.selector, observer.spec.selector.matchLabels);
  assert.equal(service.selector["verifier/backup-process"], "observer");
  const cronJob = plain(run.get(T.cronJob, "verifier-prod-backup-cronjob").inputs).spec;
  assert.equal(cronJob.jobTemplate.spec.template.metadata.labels["verifier/backup-process"], undefined);
});
