import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../exec/run.js";
import { clusterPaths } from "./paths.js";
import { ensurePki, pkiFiles } from "./pki.js";

const root = mkdtempSync(join(tmpdir(), "cluster-pki-"));
const paths = clusterPaths(root);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("ensurePki (real openssl)", () => {
  it("makes every file with mode 0600, and then leaves them alone", async () => {
    expect(await ensurePki(paths)).toBe(true);
    expect(pkiFiles(paths).map((f) => [f.slice(root.length), statSync(f).mode & 0o777])).toEqual(
      pkiFiles(paths).map((f) => [f.slice(root.length), 0o600]),
    );
    expect(await ensurePki(paths)).toBe(false);
  });

  it("signs the apiserver's certificate with the CA, for its names", async () => {
    await run(["openssl", "verify", "-CAfile", paths.cert("ca"), paths.cert("kube-apiserver")]);
    const text = await run([
      "openssl",
      "x509",
      "-noout",
      "-ext",
      "subjectAltName",
      "-in",
      paths.cert("kube-apiserver"),
    ]);
    expect(text).toContain(
      "DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, IP Address:127.0.0.1",
    );
    expect(text).toContain("IP Address:10.96.0.1");
  });

  it("puts the admin in system:masters", async () => {
    const subject = await run(["openssl", "x509", "-noout", "-subject", "-in", paths.cert("admin")]);
    expect(subject.trim()).toBe("subject=CN = verifier-admin, O = system:masters");
  });
});
