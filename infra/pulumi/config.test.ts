import assert from "node:assert/strict";
import { test } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config/errors.js";
import { parseStackConfig } from "../config/load.js";
import { CONFIG_KINDS, presentProjectKeys, readRawConfig } from "./config.js";

/** The CLI hands structured values to the program as JSON text, numbers as text. */
function setStack(values: Record<string, string>, secretKeys: string[] = []) {
  pulumi.runtime.setAllConfig(values, secretKeys);
  return readRawConfig(new pulumi.Config("verifier"), presentProjectKeys());
}

test("each schema key is read by its kind", () => {
  assert.equal(CONFIG_KINDS.images, "object");
  assert.equal(CONFIG_KINDS.httpsPort, "number");
  assert.equal(CONFIG_KINDS.tier, "string");
  assert.equal(CONFIG_KINDS.kubernetes, "object");
});

test("structured, numeric and text keys come back typed; other namespaces and secrets are left out", () => {
  const raw = setStack(
    {
      "verifier:tier": "drills",
      "verifier:images": '{"source":"build"}',
      "verifier:httpsPort": "8543",
      "verifier:dbPassword": "hunter2-hunter2",
      "docker:host": "ssh://deploy@host",
    },
    ["verifier:dbPassword"],
  );
  assert.deepEqual(raw, { tier: "drills", images: { source: "build" }, httpsPort: 8543 });
  assert.equal(parseStackConfig(raw, "Pulumi.drills.yaml").httpsPort, 8543);
});

test("an unknown key and an unparseable object reach the schema, which reports both", () => {
  const raw = setStack({ "verifier:tier": "local", "verifier:colour": "blue", "verifier:backup": "daily" });
  assert.deepEqual(raw, { tier: "local", colour: "blue", backup: "daily" });
  assert.throws(
    () => parseStackConfig(raw, "Pulumi.local.yaml"),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(err.problems.map((p) => p.path).sort(), ["verifier:backup", "verifier:colour"]);
      return true;
    },
  );
});
