import assert from "node:assert/strict";
import { test } from "vitest";
import type { ResourceValidation, StackValidation } from "@pulumi/policy";
import { dockerContainer } from "./fixtures.js";
import { POLICIES } from "./policies.js";

const find = (name: string) => POLICIES.find((p) => p.name === name)!;

test("the pack holds every policy once, all mandatory", () => {
  assert.deepEqual(
    POLICIES.map((p) => p.name),
    [
      "non-root-user",
      "read-only-root",
      "capabilities-dropped",
      "no-privileged",
      "resource-limits",
      "health-checks",
      "metrics-port-not-published",
      "no-secrets-in-env",
      "preview-loopback-only",
      "internal-networks-guarded",
      "prod-images-by-digest",
      "metrics-port-guarded",
      "backups-scheduled",
      "pids-limited",
    ],
  );
  assert.ok(POLICIES.every((p) => p.enforcementLevel === "mandatory"));
});

test("the adapters report what the pure rules find", async () => {
  const reported: string[] = [];
  const validate = (find("read-only-root") as { validateResource: ResourceValidation }).validateResource;
  const c = dockerContainer({ readOnly: false });
  await validate({ type: c.type, name: "api", props: c.props, urn: "urn:x" } as never, (message) =>
    reported.push(message),
  );
  assert.deepEqual(reported, ["api: readOnly must be true"]);
  const stack = (find("pids-limited") as { validateStack: StackValidation }).validateStack;
  const urns: (string | undefined)[] = [];
  await stack(
    { resources: [{ type: c.type, name: "api", props: dockerContainer().props, urn: "urn:api" }] } as never,
    (_m, urn) => urns.push(urn),
  );
  assert.deepEqual(urns, ["urn:api"]);
});
