import { test } from "vitest";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { REPO_ROOT } from "../../../tests/support/instance.js";
import { drillOverrides } from "./plan.js";
import { drillStackFile, drillStackYaml, emptyVolumeArgv } from "./pulumiPlan.js";
import { roleOf } from "./pulumiSource.js";

const hardened = [
  "--read-only",
  "--tmpfs",
  "/tmp:size=64m",
  "--cap-drop",
  "ALL",
  "--security-opt",
  "no-new-privileges",
  "--pids-limit",
  "128",
  "--memory",
  "512m",
];

test("a Pulumi source's drill stack file sits beside the source's, named by the drill", () => {
  assert.equal(
    drillStackFile("/work/project", "drill-20261206t060000z"),
    "/work/project/Pulumi.drill-20261206t060000z.yaml",
  );
});

test("the drill's stack file is Pulumi.drills.yaml with the drill's overrides on top, each under the project's prefix", () => {
  const overrides = drillOverrides(
    { api: "127.0.0.1:5000/verifier/api@sha256:" + "a".repeat(64), postgres: "verifier/postgres:1" },
    40123,
    2,
  );
  const config = (parse(drillStackYaml(REPO_ROOT, overrides)) as { config: Record<string, unknown> }).config;
  assert.deepEqual(config, {
    "verifier:tier": "drills",
    "verifier:target": "docker",
    "verifier:backup": { schedule: "0 2 * * *", retain: 3 },
    "verifier:objectives": { rtoSeconds: 300, rpoSeconds: 86400 },
    "verifier:images": {
      source: "registry",
      api: "127.0.0.1:5000/verifier/api@sha256:" + "a".repeat(64),
      postgres: "verifier/postgres:1",
    },
    "verifier:httpsPort": 40123,
    "verifier:apiReplicas": 1,
    "verifier:sandbox": { enabled: false },
    "verifier:limits": { postgres: { cpus: 2, memoryMiB: 2048 } },
  });
});

test("the drill's postgres data is emptied by the postgres user in a hardened throwaway without network", () => {
  assert.deepEqual(emptyVolumeArgv("verifier-drill-x-pgdata", "verifier/postgres:1"), [
    "docker",
    "run",
    "--rm",
    "--network",
    "none",
    "--user",
    "10003:10003",
    "--group-add",
    "10100",
    ...hardened,
    "--mount",
    "type=volume,source=verifier-drill-x-pgdata,target=/var/lib/postgresql/data",
    "--entrypoint",
    "find",
    "verifier/postgres:1",
    "/var/lib/postgresql/data",
    "-mindepth",
    "1",
    "-delete",
  ]);
});

test("an exported service's role: every api replica of either colour is the api, any other service is its own role", () => {
  assert.deepEqual(["api-blue-1", "api-green-3", "postgres", "backup", "sandbox", "api-gateway"].map(roleOf), [
    "api",
    "api",
    "postgres",
    "backup",
    "sandbox",
    "api-gateway",
  ]);
});
