import { afterAll, test } from "vitest";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { run } from "../../infra/exec/run.js";
import { promtoolImage } from "../../monitoring/promtool/run.js";
import { findIn, needlesOf, NeedleScanner } from "../../scripts/audit-secrets/needles.js";
import { mockSecrets, plainStrings, PULUMI_STACKS, scanStack } from "../../scripts/audit-secrets/pulumi.js";
import { plain } from "../../infra/pulumi/testing/harness.js";
import { runStack } from "../../infra/pulumi/testing/run.js";
import { auditInstance } from "../../scripts/audit-secrets/audit.js";
import { REPO_ROOT } from "../support/instance.js";

const SECRET = randomBytes(24).toString("base64url");

test("needles: a plain secret as is; a TLS bundle by its private key line only; short values are not searched", () => {
  const pem =
    "-----BEGIN CERTIFICATE-----\nPUBLICCERTPUBLICCERTPUBLICCERT\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nKEYLINEKEYLINEKEYLINEKEYLINE\nMORE\n-----END PRIVATE KEY-----\n";
  const needles = needlesOf({ db_password: `${SECRET}\n`, tls_pem: pem, tiny: "short" });
  assert.deepEqual(
    needles.map((n) => [n.name, n.bytes.toString()]),
    [
      ["db_password", SECRET],
      ["tls_pem", "KEYLINEKEYLINEKEYLINEKEYLINE"],
    ],
  );
  assert.deepEqual(findIn(`cert PUBLICCERTPUBLICCERTPUBLICCERT is public`, needles), []);
});

test("the stream scanner finds a secret split across chunk boundaries", async () => {
  const needles = needlesOf({ db_password: SECRET });
  const chunks = [
    Buffer.from(`xx${SECRET.slice(0, 5)}`),
    Buffer.from(SECRET.slice(5, 9)),
    Buffer.from(`${SECRET.slice(9)}yy`),
  ];
  const scanner = new NeedleScanner(needles);
  await pipeline(Readable.from(chunks), scanner, async function* (source) {
    for await (const _ of source) yield _;
  });
  assert.deepEqual([...scanner.found], ["db_password"]);
});

test("plain strings of a Pulumi input skip what is inside a secret marker", () => {
  const marker = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: SECRET };
  const input = { env: [`PASSWORD=${SECRET}`], uploads: [{ file: "/run/secrets/x", content: marker }] };
  assert.deepEqual(plainStrings(input), [
    { path: "env[0]", text: `PASSWORD=${SECRET}` },
    { path: "uploads[0].file", text: "/run/secrets/x" },
  ]);
});

for (const stack of PULUMI_STACKS) {
  test(`pulumi ${stack} under mocks: no secret value in a plain input or output, adminApiKey secret`, async () => {
    assert.deepEqual(await scanStack(stack), []);
  });
}

test("the values searched for are really in the staging run, inside secret markers (the scan is not vacuous)", async () => {
  const run = await runStack("staging");
  const unwrapped = JSON.stringify(run.resources.map((r) => plain(r.inputs)));
  assert.deepEqual(findIn(unwrapped, mockSecrets(run)).sort(), [
    "verifier:adminApiKey",
    "verifier:dbAppPassword",
    "verifier:dbBackupPassword",
    "verifier:dbOwnerPassword",
    "verifier:dbPassword",
    "verifier:redisPassword",
    "verifier:sandboxToken",
    "verifier:tlsKey",
  ]);
});

const root = mkdtempSync(join(tmpdir(), "verifier-audit-"));
const container = `verifier-audittest-leaky-${process.pid}`;
afterAll(async () => {
  await run(["docker", "rm", "-f", container]).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

test("a container that leaks a secret in its command and logs is named in both places", async () => {
  mkdirSync(join(root, ".local", "audittest", "secrets"), { recursive: true });
  writeFileSync(join(root, ".local", "audittest", "secrets", "db_password"), SECRET);
  // Any small image of ours will do: the prometheus runtime, built through the image builder when missing.
  const image = await promtoolImage(REPO_ROOT);
  const argv = [
    "docker",
    "run",
    "--name",
    container,
    "--label",
    "com.docker.compose.project=verifier-audittest",
    "--network",
    "none",
    image,
    "echo",
    SECRET,
  ];
  await run(argv);
  const report = await auditInstance(root, "audittest", () => undefined);
  assert.deepEqual(report.findings, [
    { where: `docker inspect ${container}`, secret: "db_password" },
    { where: `docker logs ${container}`, secret: "db_password" },
  ]);
});
