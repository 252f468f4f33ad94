import { test } from "vitest";
import assert from "node:assert/strict";
import { backupSiteOf, observedFromOutputs, stackOutputsSchema } from "./outputs.js";

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
    { service: "postgres", container: "verifier-x-postgres" },
    { service: "backup", container: "verifier-x-backup" },
  ],
};

test("a colour is healthy when every container the stack exports for it runs healthy on the engine", () => {
  const seen = [
    { name: "verifier-x-api-blue-1", status: "running", health: "unhealthy" },
    { name: "verifier-x-api-green-1", status: "running", health: "healthy" },
  ];
  const out = stackOutputsSchema.parse(RAW);
  const o = observedFromOutputs(out, { refs: out.containers, seen }, []);
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
  const out = stackOutputsSchema.parse(RAW);
  const o = observedFromOutputs(out, { refs: out.containers, seen: [] }, []);
  assert.deepEqual(o.colours.blue, {
    image: "r/api@sha256:aa",
    healthy: false,
    containers: [{ name: "verifier-x-api-blue-1", status: "absent", health: "none" }],
  });
});

test("a stack applied before previews and containers were exported reads as having none (healthy by its up)", () => {
  const out = stackOutputsSchema.parse({ ...RAW, previewUrls: undefined, containers: undefined });
  assert.deepEqual([out.previewUrls, out.containers], [{}, []]);
  assert.deepEqual(observedFromOutputs(out, { refs: [], seen: [] }, []).colours.green, {
    image: "r/api@sha256:bb",
    healthy: true,
    containers: [],
  });
});

test("the backup runbooks act in the containers the stack exports, on the backups where it says they land", () => {
  assert.deepEqual(backupSiteOf(stackOutputsSchema.parse(RAW), "verifier-x", "x"), {
    project: "verifier-x",
    backup: "verifier-x-backup",
    postgres: "verifier-x-postgres",
    api: { blue: ["verifier-x-api-blue-1"], green: ["verifier-x-api-green-1"] },
    backups: "verifier-x-backups",
  });
});

test("a stack that exports no backup container (Kubernetes) has no backup site: refused, saying why", () => {
  const out = stackOutputsSchema.parse({ ...RAW, containers: undefined });
  assert.throws(
    () => backupSiteOf(out, "verifier-x", "x"),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, "TARGET_UNSUPPORTED");
      assert.match(
        err.message,
        /^x: the stack exports no backup container \(its `containers` output lists 0\); `ops` runs backups on Docker stacks only/,
      );
      return true;
    },
  );
});
