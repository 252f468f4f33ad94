import { test } from "vitest";
import assert from "node:assert/strict";
import { runStack } from "../../infra/pulumi/testing/run.js";
import { composeOf, differences, fromCompose, fromPulumi } from "./equivalence.js";

/**
 * What CI brings up live (Compose) is what Pulumi would deploy (Docker target): for every stack the
 * two renderings agree on every service's image, user, networks, environment (names and values), ports,
 * healthcheck, limits, read-only root, capabilities, tmpfs, stop signal, grace period and restart.
 */
const CASES: [string, Record<string, unknown>][] = [
  ["local", {}],
  ["staging", {}],
  ["drills", {}],
  ["prod", { target: "docker" }],
  ["local", { apiReplicas: 2, activeColour: "green", sandbox: { enabled: false } }],
];

for (const [stack, overrides] of CASES) {
  test(`${stack} ${JSON.stringify(overrides)}: Compose and the Pulumi Docker target agree on every service`, async () => {
    const { compose, project } = composeOf(stack, overrides);
    const pulumi = fromPulumi(await runStack(stack, overrides), project);
    const fromFile = fromCompose(compose, project);
    assert.ok(fromFile.size >= 7, `${fromFile.size} services compared`);
    assert.deepEqual(differences(fromFile, pulumi), []);
  });
}

test("a deliberate divergence is caught: one changed field or environment value in the Compose rendering fails the comparison", async () => {
  const { compose, project } = composeOf("local");
  (compose.services["api-blue-1"] as Record<string, unknown>).user = "0:0";
  (compose.services.postgres as Record<string, unknown>).networks = { backend: {}, edge: {} };
  delete (compose.services.backup as Record<string, unknown>).group_add;
  (compose.services.redis as { environment: Record<string, string> }).environment = {};
  const api = compose.services["api-green-1"] as { environment: Record<string, string> };
  api.environment = { ...api.environment, DATABASE_HOST: "elsewhere" };
  const pulumi = fromPulumi(await runStack("local"), project);
  const found = differences(fromCompose(compose, project), pulumi);
  assert.deepEqual(
    found.map((d) => d.slice(0, d.indexOf(":"))),
    ["api-blue-1.user", "api-green-1.env", "backup.groups", "postgres.networks", "redis.env"],
  );
  assert.match(found[1]!, /"DATABASE_HOST":"elsewhere"/);
  assert.deepEqual(
    found.filter((d) => !d.includes(".env:")),
    [
      'api-blue-1.user: compose="0:0" pulumi="10001:10001"',
      'backup.groups: compose=[] pulumi=["10100"]',
      'postgres.networks: compose=["verifier-local-backend","verifier-local-edge"] pulumi=["verifier-local-backend"]',
    ],
  );
});
