import { test } from "node:test";
import assert from "node:assert/strict";
import { observedFromOutputs, stackOutputsSchema } from "./outputs.js";

const RAW = {
  url: "https://127.0.0.1:19443",
  activeColour: "green",
  apiImages: { blue: "r/api@sha256:aa", green: "r/api@sha256:bb" },
  backupLocation: "verifier-x-backups",
  tlsCertificate: "-----BEGIN CERTIFICATE-----",
  adminApiKey: "[secret]",
  previewUrls: { blue: "https://127.0.0.1:19444", green: "https://127.0.0.1:19445" },
  containers: [
    { service: "proxy", container: "verifier-x-proxy" },
    { service: "api-blue-1", container: "verifier-x-api-blue-1", colour: "blue" },
    { service: "api-green-1", container: "verifier-x-api-green-1", colour: "green" },
  ],
};

test("a colour is healthy when every container the stack exports for it runs healthy on the engine", () => {
  const seen = [
    { name: "verifier-x-api-blue-1", status: "running", health: "unhealthy" },
    { name: "verifier-x-api-green-1", status: "running", health: "healthy" },
  ];
  const o = observedFromOutputs(stackOutputsSchema.parse(RAW), seen, []);
  assert.deepEqual(o, {
    declared: { activeColour: "green", releases: { blue: "r/api@sha256:aa", green: "r/api@sha256:bb" } },
    serving: "green",
    colours: {
      blue: { image: "r/api@sha256:aa", healthy: false, containers: [seen[0]] },
      green: { image: "r/api@sha256:bb", healthy: true, containers: [seen[1]] },
    },
    releases: [],
  });
});

test("a container the engine does not know is absent, and its colour not healthy", () => {
  const o = observedFromOutputs(stackOutputsSchema.parse(RAW), [], []);
  assert.deepEqual(o.colours.blue, { image: "r/api@sha256:aa", healthy: false, containers: [{ name: "verifier-x-api-blue-1", status: "absent", health: "none" }] });
});

test("a stack applied before previews and containers were exported reads as having none (Kubernetes: healthy by its up)", () => {
  const out = stackOutputsSchema.parse({ ...RAW, previewUrls: undefined, containers: undefined });
  assert.deepEqual([out.previewUrls, out.containers], [{}, []]);
  assert.deepEqual(observedFromOutputs(out, [], []).colours.green, { image: "r/api@sha256:bb", healthy: true, containers: [] });
});
