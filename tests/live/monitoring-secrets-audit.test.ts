import { beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { audit } from "../../scripts/audit-secrets/audit.js";
import { REPO_ROOT, TEST_INSTANCE, useStack } from "../support/instance.js";

// Runs after the faults-* files (alphabetical), so the logs scanned cover outages and restarts too.
beforeAll(async () => {
  await useStack();
});

test("the test instance's secrets appear in no image layer, Compose file, docker inspect or container log", {
  timeout: 110_000,
}, async () => {
  const report = await audit({ repoRoot: REPO_ROOT, instances: [TEST_INSTANCE], pulumi: false });
  assert.equal(report.checked.length, 1);
  assert.match(report.checked[0]!, /compose file, \d+ containers \(inspect, logs\), \d+ images/);
  assert.deepEqual(report.findings, []);
});
