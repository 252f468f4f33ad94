import assert from "node:assert/strict";
import { test } from "vitest";
import { RESOURCE_RULES, STACK_RULES } from "../policy/policies.js";
import { plain } from "./testing/harness.js";
import { runStack, subjects, T } from "./testing/run.js";

const PREVIEWS = { httpsPort: 19443, previewPorts: { blue: 19444, green: 19445 }, sandbox: { enabled: false } };

test("drills with previewPorts: the proxy publishes its preview listeners on 127.0.0.1; the policy pack passes", async () => {
  const run = await runStack("drills", PREVIEWS);
  assert.deepEqual(plain(run.get(T.container, "verifier-drills-traffic-proxy").inputs.ports), [
    { internal: 8443, external: 19443, ip: "127.0.0.1", protocol: "tcp" },
    { internal: 8444, external: 19444, ip: "127.0.0.1", protocol: "tcp" },
    { internal: 8445, external: 19445, ip: "127.0.0.1", protocol: "tcp" },
  ]);
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

test("outputs: each colour's preview URL, and every container by model service", async () => {
  const { outputs } = await runStack("drills", PREVIEWS);
  assert.deepEqual(outputs.previewUrls, { blue: "https://127.0.0.1:19444", green: "https://127.0.0.1:19445" });
  assert.deepEqual(outputs.containers, [
    { service: "proxy", container: "verifier-drills-proxy" },
    { service: "api-blue-1", container: "verifier-drills-api-blue-1", colour: "blue" },
    { service: "api-green-1", container: "verifier-drills-api-green-1", colour: "green" },
    { service: "postgres", container: "verifier-drills-postgres" },
    { service: "redis", container: "verifier-drills-redis" },
    { service: "prometheus", container: "verifier-drills-prometheus" },
    { service: "backup", container: "verifier-drills-backup" },
  ]);
  const names = (await runStack("drills", PREVIEWS))
    .ofType(T.container)
    .filter((c) => c.inputs.start !== false)
    .map((c) => c.inputs.name);
  assert.deepEqual(
    [...names].sort(),
    outputs.containers.map((c) => c.container).sort(),
    "the exported names are the containers the stack creates",
  );
});

test("without previewPorts no preview URL is exported; Kubernetes exports neither previews nor containers", async () => {
  assert.deepEqual((await runStack("local")).outputs.previewUrls, {});
  const prod = await runStack("prod");
  assert.deepEqual([prod.outputs.previewUrls, prod.outputs.containers], [{}, []]);
});
