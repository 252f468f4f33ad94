import assert from "node:assert/strict";
import { test } from "vitest";
import { METRICS_PORTS } from "../../model/ports.js";
import { RESOURCE_RULES, STACK_RULES } from "../../policy/policies.js";
import { plain } from "../testing/harness.js";
import { serviceOf } from "../testing/models.js";
import { runStack, subjects, T, type StackRun } from "../testing/run.js";

const label = (inputs: Record<string, any>, key: string) =>
  inputs.labels.find((l: { label: string }) => l.label === key)?.value;
const running = (run: StackRun) => run.ofType(T.container).filter((c) => c.inputs.start !== false);

/** The design's network membership, written out: what the model must say and the containers must join. */
const NETWORKS: Record<string, string[]> = {
  proxy: ["edge"],
  api: ["edge", "backend", "metrics", "sandbox"],
  postgres: ["backend"],
  redis: ["backend"],
  prometheus: ["metrics"],
  backup: ["backend", "metrics"],
  sandbox: ["sandbox"],
};
const UIDS: Record<string, string> = {
  api: "10001:10001",
  sandbox: "10002:10002",
  postgres: "10003:10003",
  redis: "10004:10004",
  proxy: "10005:10005",
  prometheus: "10006:10006",
  backup: "10007:10007",
};

const STACKS: [string, Record<string, unknown>][] = [
  ["local", {}],
  ["staging", {}],
  ["drills", {}],
  ["prod", { target: "docker" }],
];

for (const [stack, overrides] of STACKS) {
  test(`${stack}${overrides.target ? " on docker" : ""}: every container carries every hardening field of its model service`, async () => {
    const run = await runStack(stack, overrides);
    const p = run.model.project;
    assert.equal(running(run).length, run.model.services.length);
    for (const c of running(run)) {
      const spec = serviceOf(run.model, label(c.inputs, "verifier.service"));
      const i = plain(c.inputs);
      assert.equal(i.name, `${p}-${spec.name}`);
      assert.equal(i.user, UIDS[spec.role]);
      assert.equal(i.readOnly, true);
      assert.equal(i.privileged, false);
      assert.deepEqual(i.capabilities, { drops: ["ALL"] });
      assert.deepEqual(i.securityOpts, ["no-new-privileges:true"]);
      assert.equal(i.memory, spec.limits.memoryMiB);
      assert.equal(Number(i.cpus), spec.limits.cpus);
      assert.deepEqual(
        i.tmpfs,
        Object.fromEntries(
          spec.tmpfs.map((t) => [t.target, `size=${t.sizeMiB}m,mode=${t.mode.toString(8)},uid=${t.uid},gid=${t.uid}`]),
        ),
      );
      assert.equal(i.tmpfs["/tmp"], `size=${spec.role === "sandbox" ? 32 : 64}m,mode=1777,uid=0,gid=0`);
      assert.deepEqual(i.healthcheck.tests, spec.healthcheck.test);
      assert.equal(i.restart, "unless-stopped");
      assert.equal(i.stopSignal, spec.role === "postgres" ? "SIGINT" : "SIGTERM");
      assert.equal(i.stopTimeout, 45);
      assert.equal(i.destroyGraceSeconds, 45);
      assert.deepEqual(
        i.envs,
        Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
      );
      assert.deepEqual(
        i.networksAdvanced.map((n: { name: string }) => n.name),
        NETWORKS[spec.role]!.map((n) => `${p}-${n}`),
      );
      assert.ok(i.networksAdvanced.every((n: { aliases: string[] }) => n.aliases[0] === spec.name));
      assert.equal(c.options.deleteBeforeReplace, true);
    }
  });

  test(`${stack}${overrides.target ? " on docker" : ""}: only the proxy publishes, never a metrics port; the policy pack passes`, async () => {
    const run = await runStack(stack, overrides);
    const published = running(run).filter((c) => c.inputs.ports.length > 0);
    assert.deepEqual(
      published.map((c) => c.name),
      [`${run.model.project}-traffic-proxy`],
    );
    assert.deepEqual(
      published[0]!.inputs.ports.map((port: { internal: number }) => port.internal),
      [8443],
    );
    for (const c of running(run))
      assert.ok(c.inputs.ports.every((port: { internal: number }) => !METRICS_PORTS.includes(port.internal)));
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

test("networks: edge routes out, backend, metrics and sandbox are internal", async () => {
  const run = await runStack("local");
  assert.deepEqual(
    run.ofType(T.network).map((n) => [n.inputs.name, n.inputs.internal]),
    [
      ["verifier-local-edge", false],
      ["verifier-local-backend", true],
      ["verifier-local-metrics", true],
      ["verifier-local-sandbox", true],
    ],
  );
});

test("files: carriers never start and hold the files; services mount them read-only and restart when they change", async () => {
  const run = await runStack("local");
  for (const carrier of run.ofType(T.container).filter((c) => c.inputs.start === false)) {
    assert.equal(carrier.inputs.mustRun, false);
    assert.equal(carrier.inputs.networkMode, "none");
    assert.equal(carrier.inputs.readOnly, false);
    assert.equal(carrier.options.deleteBeforeReplace, true);
    const owner = run.get(T.container, carrier.name.replace(/-files$/, ""));
    for (const m of carrier.inputs.mounts)
      assert.ok(
        owner.inputs.mounts.some((o: any) => o.source === m.source && o.target === m.target && o.readOnly === true),
      );
    assert.ok(owner.options.dependsOn.includes(carrier.name));
    const trigger = label(owner.inputs, "verifier.files");
    assert.equal(trigger, owner.name.endsWith("-proxy") ? undefined : `${carrier.name}-id`);
  }
  const prometheus = run.get(T.container, "verifier-local-metrics-prometheus-files").inputs;
  assert.deepEqual(
    prometheus.uploads.map((u: any) => [u.file, u.permissions]),
    [
      ["/etc/prometheus/prometheus.yml", "0444"],
      ["/etc/prometheus/alerts.yml", "0444"],
    ],
  );
});

test("steps: a pids limit per container, a migrated proof per colour, proxy reload and smoke, each with its triggers", async () => {
  const run = await runStack("staging");
  const step = (name: string) => run.get(T.command, name);
  for (const c of running(run)) {
    const spec = serviceOf(run.model, label(c.inputs, "verifier.service"));
    assert.equal(
      step(`${c.name}-pids`).inputs.create,
      `docker update --pids-limit ${spec.limits.pids} ${c.inputs.name}`,
    );
    assert.deepEqual(step(`${c.name}-pids`).inputs.triggers, [`${c.name}-id`]);
  }
  const blueImage = run.get(T.remoteImage, "verifier-staging-api-blue-image");
  assert.equal(
    step("verifier-staging-api-blue-migrated").inputs.create,
    "docker exec verifier-staging-api-blue-1 /usr/local/bin/http-probe 127.0.0.1 8080 /health/ready",
  );
  assert.deepEqual(step("verifier-staging-api-blue-migrated").options.dependsOn, [
    "verifier-staging-api-blue-1",
    "verifier-staging-api-blue-2",
  ]);
  assert.match(step("verifier-staging-api-blue-migrated").inputs.triggers[0], /^sha256:/);
  assert.equal(
    step("verifier-staging-traffic-reload").inputs.create,
    "docker kill --signal SIGUSR2 verifier-staging-proxy",
  );
  assert.deepEqual(step("verifier-staging-traffic-reload").inputs.triggers, [
    "verifier-staging-traffic-proxy-files-id",
  ]);
  assert.equal(
    step("verifier-staging-traffic-smoke").inputs.create,
    "docker exec verifier-staging-proxy /usr/local/bin/http-probe api-blue 8080 /health/ready",
  );
  assert.deepEqual(step("verifier-staging-traffic-smoke").inputs.triggers[1], "blue");
  assert.ok(
    run
      .get(T.container, "verifier-staging-traffic-proxy")
      .options.dependsOn.includes("verifier-staging-api-blue-migrated"),
  );
  assert.deepEqual(run.get(T.container, "verifier-staging-api-green-1").options.dependsOn, [
    "verifier-staging-database-postgres",
    "verifier-staging-cache-redis",
    "verifier-staging-api-green-1-files",
  ]);
  assert.equal(blueImage.inputs.keepLocally, true);
});
