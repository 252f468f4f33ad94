import { test } from "vitest";
import assert from "node:assert/strict";
import { run } from "../../infra/exec/run.js";
import { down } from "../../infra/local/down.js";
import { REPO_ROOT, TEST_INSTANCE, useStack } from "../support/instance.js";

const byLabel = async (kind: "ps" | "network" | "volume", project: string): Promise<string[]> => {
  const argv =
    kind === "ps"
      ? ["docker", "ps", "-a", "--format", "{{.Names}}", "--filter", `label=com.docker.compose.project=${project}`]
      : ["docker", kind, "ls", "--format", "{{.Name}}", "--filter", `label=verifier.project=${project}`];
  return (await run(argv)).split("\n").filter(Boolean);
};

// Runs last (zz-): it stops the shared test instance.
test("npm stop leaves no container or network of the project behind, and keeps data volumes", async () => {
  const stack = await useStack();
  assert.ok((await byLabel("ps", stack.project)).length >= stack.model.services.length);
  await down({ repoRoot: REPO_ROOT, instance: TEST_INSTANCE });
  assert.deepEqual(await byLabel("ps", stack.project), []);
  assert.deepEqual(await byLabel("network", stack.project), []);
  assert.deepEqual((await byLabel("volume", stack.project)).sort(), [
    `${stack.project}-backups`,
    `${stack.project}-pgdata`,
    `${stack.project}-prometheus-data`,
  ]);
  await down({ repoRoot: REPO_ROOT, instance: TEST_INSTANCE, purge: true });
  assert.deepEqual(await byLabel("volume", stack.project), []);
});
