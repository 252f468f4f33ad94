import { test } from "vitest";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rootCertificates } from "node:tls";
import { parseStackConfig } from "../../../infra/config/load.js";
import { RunbookError } from "../../cli/errors.js";
import { stackOutputsSchema } from "./outputs.js";
import { trustedCa } from "./smoke.js";

const CERT = "-----BEGIN CERTIFICATE-----\nSTACK\n-----END CERTIFICATE-----";
const PRIVATE_CA = "-----BEGIN CERTIFICATE-----\nPRIVATE CA\n-----END CERTIFICATE-----\n";
const out = stackOutputsSchema.parse({
  url: "https://127.0.0.1:1",
  activeColour: "blue",
  apiImages: {},
  backupLocation: "backups",
  tlsCertificate: CERT,
});
const cfg = (mode: "self-signed" | "provided") =>
  parseStackConfig({ tier: "staging", tls: { mode } }, "trustedCa.test");

function inDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "trusted-ca-"));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a self-signed stack is trusted as its own certificate, and nothing else", () => {
  inDir((dir) => {
    const file = trustedCa(cfg("self-signed"), out, join(dir, "tls", "ca.crt"), {});
    assert.equal(readFileSync(file, "utf8"), `${CERT}\n`);
  });
});

test("a provided certificate: the system's roots, the private CA of NODE_EXTRA_CA_CERTS, and the stack's own certificate", () => {
  inDir((dir) => {
    writeFileSync(join(dir, "private.pem"), PRIVATE_CA);
    const bundle = readFileSync(
      trustedCa(cfg("provided"), out, join(dir, "ca.crt"), { NODE_EXTRA_CA_CERTS: join(dir, "private.pem") }),
      "utf8",
    );
    assert.equal(bundle, `${[...rootCertificates, PRIVATE_CA, CERT].map((p) => p.trim()).join("\n")}\n`);
    const withoutExtra = readFileSync(trustedCa(cfg("provided"), out, join(dir, "ca.crt"), {}), "utf8");
    assert.equal(withoutExtra, `${[...rootCertificates, CERT].map((p) => p.trim()).join("\n")}\n`);
  });
});

test("NODE_EXTRA_CA_CERTS naming a file that cannot be read is refused by name", () => {
  inDir((dir) => {
    assert.throws(
      () => trustedCa(cfg("provided"), out, join(dir, "ca.crt"), { NODE_EXTRA_CA_CERTS: join(dir, "absent.pem") }),
      (e: unknown) =>
        e instanceof RunbookError &&
        e.code === "TLS_TRUST" &&
        e.message.startsWith(`NODE_EXTRA_CA_CERTS=${join(dir, "absent.pem")} cannot be read (ENOENT`),
    );
  });
});
