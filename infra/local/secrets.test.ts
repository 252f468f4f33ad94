import { test } from "vitest";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { parseStackConfig } from "../config/load.js";
import { buildModel, type ResolvedImages } from "../model/build.js";
import { localPaths } from "./paths.js";
import { ensureSecrets, Secret } from "./secrets.js";

const IMAGES = Object.fromEntries(
  ["api", "sandbox", "postgres", "redis", "proxy", "prometheus", "backup"].map((r) => [r, `x/${r}:1`]),
) as ResolvedImages;

test("secrets are generated once (mode 0600), reused on the next run, and the admin key has the service's format", async () => {
  const root = mkdtempSync(join(tmpdir(), "secrets-"));
  const paths = localPaths(root, "t");
  const model = buildModel("local", parseStackConfig({ tier: "local" }, "t"), IMAGES);
  const first = await ensureSecrets(model, paths, async () => "PEM");
  const second = await ensureSecrets(model, paths, async () => "OTHER");
  for (const spec of model.secrets) {
    assert.equal(first.get(spec.name)!.reveal(), second.get(spec.name)!.reveal(), spec.name);
    assert.equal(statSync(join(paths.secrets, spec.name)).mode & 0o777, 0o600, spec.name);
  }
  assert.equal(statSync(paths.secrets).mode & 0o777, 0o700);
  assert.match(first.get("admin_api_key")!.reveal(), /^vsk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  assert.equal(first.get("db_password")!.reveal().length, 32);
  assert.equal(readFileSync(join(paths.secrets, "tls_pem"), "utf8"), "PEM");
});

test("a Secret never prints its value", () => {
  const s = new Secret("hunter2-hunter2-hunter2");
  assert.equal(`${s}`, "[redacted]");
  assert.equal(JSON.stringify({ s }), '{"s":"[redacted]"}');
  assert.equal(inspect(s).includes("hunter2"), false);
});
