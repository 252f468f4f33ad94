import { test } from "vitest";
import assert from "node:assert/strict";
import { workloadsOf } from "./kubeReach.js";

const pod = (name: string, labels: Record<string, string>, phase: string, ready?: "True" | "False") => ({
  metadata: { name, labels },
  status: { phase, ...(ready ? { conditions: [{ type: "Ready", status: ready }] } : {}) },
});

test("pods count as the runbooks' containers: colour from its label, Ready is healthy, a finished Job's pod left out", () => {
  const seen = workloadsOf([
    pod("api-blue-7f-a", { "app.kubernetes.io/component": "api", "verifier/colour": "blue" }, "Running", "True"),
    pod("api-green-5c-b", { "app.kubernetes.io/component": "api", "verifier/colour": "green" }, "Running", "False"),
    pod("postgres-0", { "app.kubernetes.io/component": "postgres" }, "Pending"),
    pod("backup-manual-x", { "app.kubernetes.io/component": "backup" }, "Succeeded", "False"),
  ]);
  assert.deepEqual(seen, {
    refs: [
      { service: "api", container: "api-blue-7f-a", colour: "blue" },
      { service: "api", container: "api-green-5c-b", colour: "green" },
      { service: "postgres", container: "postgres-0" },
    ],
    seen: [
      { name: "api-blue-7f-a", status: "running", health: "healthy" },
      { name: "api-green-5c-b", status: "running", health: "unhealthy" },
      { name: "postgres-0", status: "pending", health: "unhealthy" },
    ],
  });
});
