import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "vitest";
import { randomSecretArgv, randomSecretValue, selfSignedArgv, splitKeyAndCert } from "./generate.js";

const spec = {
  commonName: "localhost",
  organization: "verifier",
  dnsNames: ["localhost"],
  ipAddresses: ["127.0.0.1"],
  validityDays: 365,
};

test("random secret: openssl rand with enough bytes, cut to the length asked for", () => {
  assert.deepEqual(randomSecretArgv(40), ["openssl", "rand", "-hex", "20"]);
  assert.deepEqual(randomSecretArgv(25), ["openssl", "rand", "-hex", "13"]);
  assert.equal(randomSecretValue("0123456789abcdef0123456789\n", 25), "0123456789abcdef012345678");
  const real = randomSecretValue(
    execFileSync(randomSecretArgv(25)[0]!, randomSecretArgv(25).slice(1), { encoding: "utf8" }),
    25,
  );
  assert.match(real, /^[0-9a-f]{25}$/);
});

test("self-signed pair: the exact openssl argv", () => {
  assert.deepEqual(selfSignedArgv(spec), [
    "openssl",
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    "-",
    "-days",
    "365",
    "-subj",
    "/CN=localhost/O=verifier",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-addext",
    "keyUsage=critical,digitalSignature,keyEncipherment",
    "-addext",
    "extendedKeyUsage=serverAuth",
  ]);
});

test("self-signed pair: openssl really makes a P-256 key and a server certificate for the names", () => {
  const argv = selfSignedArgv(spec);
  const { key, cert } = splitKeyAndCert(
    execFileSync(argv[0]!, argv.slice(1), { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
  );
  const text = execFileSync("openssl", ["x509", "-noout", "-text"], { input: cert, encoding: "utf8" });
  assert.match(text, /DNS:localhost, IP Address:127\.0\.0\.1/);
  assert.match(text, /TLS Web Server Authentication/);
  assert.match(text, /NIST CURVE: P-256/);
  const keyPub = execFileSync("openssl", ["pkey", "-pubout"], { input: key, encoding: "utf8" });
  const certPub = execFileSync("openssl", ["x509", "-noout", "-pubkey"], { input: cert, encoding: "utf8" });
  assert.equal(keyPub, certPub);
});

test("split: a missing block is named, never a half pair", () => {
  const keyOnly = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
  assert.throws(() => splitKeyAndCert(keyOnly), /found the key;|found the key$|found the key /);
  assert.throws(() => splitKeyAndCert(""), /found neither/);
});
