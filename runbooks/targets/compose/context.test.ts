import { test } from "vitest";
import assert from "node:assert/strict";
import { composeContext, composeSite } from "./context.js";

const REPO_ROOT = new URL("../../..", import.meta.url).pathname.replace(/\/$/, "");

test("a Compose instance's backup site is the model's container names and its backups volume", () => {
  const c = composeContext({ repoRoot: REPO_ROOT, stack: "local", instance: "t", overrides: { apiReplicas: 2 } });
  assert.deepEqual(composeSite(c), {
    project: "verifier-t",
    backup: "verifier-t-backup",
    postgres: "verifier-t-postgres",
    api: {
      blue: ["verifier-t-api-blue-1", "verifier-t-api-blue-2"],
      green: ["verifier-t-api-green-1", "verifier-t-api-green-2"],
    },
    backups: "verifier-t-backups",
  });
});

test("a backup location that is a host path is used as it is", () => {
  const c = composeContext({
    repoRoot: REPO_ROOT,
    stack: "local",
    instance: "t",
    overrides: { backup: { location: "/srv/backups" } },
  });
  assert.equal(composeSite(c).backups, "/srv/backups");
});
