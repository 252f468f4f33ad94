import { test } from "vitest";
import assert from "node:assert/strict";
import { loadStackConfig } from "../../../infra/config/load.js";
import { directSmokeOf } from "./directSmoke.js";

const REPO_ROOT = new URL("../../..", import.meta.url).pathname.replace(/\/$/, "");

test("a Docker stack without previewPorts cannot smoke a colour directly: where, what and the exact fix", () => {
  assert.deepEqual(directSmokeOf(loadStackConfig("drills", REPO_ROOT), "drills"), {
    able: false,
    why:
      "stack drills (Pulumi.drills.yaml) has no preview listeners: verifier:previewPorts is unset, so a colour is reachable only through the proxy. " +
      "Set two free ports (published on 127.0.0.1 only), e.g. `pulumi config set --stack drills --path verifier:previewPorts.blue 8544 && " +
      "pulumi config set --stack drills --path verifier:previewPorts.green 8545`, and run ops on the Docker host, where those ports are reachable",
  });
});

test("a Docker stack with previewPorts can", () => {
  const cfg = loadStackConfig("drills", REPO_ROOT, { previewPorts: { blue: 8544, green: 8545 } });
  assert.deepEqual(directSmokeOf(cfg, "drills"), { able: true });
});

test("a Kubernetes stack always can, through the API server's service proxy; previewPorts play no part there", () => {
  assert.deepEqual(directSmokeOf(loadStackConfig("prod", REPO_ROOT), "prod"), { able: true });
});
