import { test } from "vitest";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadStackConfig, parseStackConfig, STACKS } from "./load.js";
import { problems } from "./testing/problems.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const DIGEST = "r.example/x@sha256:" + "a".repeat(64);
const prodImages = Object.fromEntries(
  ["api", "sandbox", "postgres", "redis", "proxy", "prometheus", "backup"].map((r) => [r, DIGEST]),
);
const validProd = {
  tier: "prod",
  images: { source: "registry", ...prodImages },
  tls: { mode: "provided", hsts: true },
  backup: { walArchiving: true },
};

test("every committed stack file is valid", () => {
  for (const stack of STACKS) assert.equal(loadStackConfig(stack, ROOT).tier, stack);
});

test("defaults fill what a stack file leaves out", () => {
  const cfg = parseStackConfig({ tier: "local" }, "x");
  assert.equal(cfg.target, "docker");
  assert.equal(cfg.activeColour, "blue");
  assert.equal(cfg.publishAddress, "127.0.0.1");
  assert.deepEqual(cfg.backup, {
    schedule: "0 2 * * *",
    retain: 14,
    walArchiving: false,
    archiveTimeoutSeconds: 60,
    location: "backups",
  });
  assert.deepEqual(cfg.images, { source: "build" });
});

test("an unknown key is an error naming the key path", () => {
  assert.deepEqual(problems({ tier: "local", backup: { retian: 3 } }), [
    "verifier:backup.retian | 3 | no such key (unknown keys are errors: check the spelling against infra/config/schema.ts)",
  ]);
});

test("a tag on prod is refused with the digest form as the allowed value", () => {
  const keys = { ...validProd, images: { ...validProd.images, api: "r.example/api:1.0" } };
  assert.deepEqual(problems(keys), [
    'verifier:images.api | "r.example/api:1.0" | prod requires a digest reference: name@sha256:<64 hex>, not a tag',
  ]);
});

test("a bad cron expression and negative limits are reported together, every problem at once", () => {
  assert.deepEqual(problems({ tier: "local", backup: { schedule: "every day" }, limits: { api: { memoryMiB: -5 } } }), [
    "verifier:limits.api.memoryMiB | -5 | >= 16",
    'verifier:backup.schedule | "every day" | must be a 5-field cron expression, e.g. "0 2 * * *" (daily 02:00 UTC)',
  ]);
});

test("an enum problem lists the allowed values", () => {
  assert.deepEqual(problems({ tier: "qa" }), ['verifier:tier | "qa" | one of "local", "staging", "prod", "drills"']);
});

test("prod without HSTS, WAL archiving or registry images lists each rule", () => {
  assert.deepEqual(problems({ tier: "prod" }), [
    'verifier:images.source | "build" | prod deploys registry images pinned by digest: set "registry"',
    "verifier:tls.hsts | false | prod requires HSTS: set true",
    "verifier:backup.walArchiving | false | prod requires WAL archiving: set true",
  ]);
});

test("prod with both shedding checks off is refused; one check on, or another tier, is allowed", () => {
  const off = { maxEventLoopUtilization: 0, maxEventLoopDelayMs: 0 };
  assert.deepEqual(problems({ ...validProd, service: { overload: off } }), [
    'verifier:service.overload | {"maxEventLoopUtilization":0,"maxEventLoopDelayMs":0} | prod sheds load rather than queue it: set maxEventLoopUtilization or maxEventLoopDelayMs above 0',
  ]);
  const oneOn = parseStackConfig({ ...validProd, service: { overload: { maxEventLoopUtilization: 0 } } }, "p.yaml");
  assert.deepEqual(oneOn.service.overload, { maxEventLoopUtilization: 0, maxEventLoopDelayMs: 1000 });
  assert.deepEqual(parseStackConfig({ tier: "local", service: { overload: off } }, "l.yaml").service.overload, off);
});

test("a claim size Kubernetes would not read as meant is refused, naming the form", () => {
  const kubernetes = { namespace: "verifier", claims: { pgdata: "10GB" } };
  assert.deepEqual(problems({ ...validProd, kubernetes }), [
    'verifier:kubernetes.claims.pgdata | "10GB" | a size such as "10Gi": 1-999999 followed by Mi, Gi or Ti',
  ]);
});

test("a plain secret in a stack file is refused without echoing it", () => {
  const found = problems({ tier: "local", dbPassword: "hunter2hunter2hunter2" });
  assert.deepEqual(found, [
    "verifier:dbPassword | a plain value (hidden) | an encrypted value: run `pulumi config set --secret verifier:dbPassword`",
  ]);
  assert.equal(found.join().includes("hunter2"), false);
});

test("a stack without a file names the stacks that exist", () => {
  assert.throws(
    () => loadStackConfig("qa", ROOT),
    /Pulumi\.qa\.yaml: 1 configuration problem\(s\)\n {2}- stack: received "qa"; allowed: a stack with a file: local, staging, prod, drills/,
  );
});

test("a stack file Pulumi rewrote (top-level values as text) loads as the schema's kinds; bad text is still named", () => {
  const dir = mkdtempSync(join(tmpdir(), "verifier-config-"));
  try {
    // The runbooks set an object key as JSON text (Automation API config values are strings); Pulumi's getObject parses it.
    const file = (port: string, releases = '{\\"green\\":\\"verifier/api:next\\"}') =>
      `config:\n  verifier:tier: local\n  verifier:target: docker\n  verifier:images:\n    source: build\n  verifier:httpsPort: "${port}"\n  verifier:apiReplicas: "2"\n  verifier:releases: "${releases}"\n  verifier:backup:\n    schedule: "0 2 * * *"\nencryptionsalt: v1:abc\n`;
    writeFileSync(join(dir, "Pulumi.local.yaml"), file("8443"));
    const cfg = loadStackConfig("local", dir);
    assert.equal(cfg.httpsPort, 8443);
    assert.equal(cfg.apiReplicas, 2);
    assert.deepEqual(cfg.releases, { green: "verifier/api:next" });
    writeFileSync(join(dir, "Pulumi.local.yaml"), file("eighty"));
    assert.throws(() => loadStackConfig("local", dir), /verifier:httpsPort: received "eighty"/);
    writeFileSync(join(dir, "Pulumi.local.yaml"), file("8443", "[1]"));
    assert.throws(
      () => loadStackConfig("local", dir),
      /verifier:releases: received "\[1\]"; allowed: a value of type object/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
