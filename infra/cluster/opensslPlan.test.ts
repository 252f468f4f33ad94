import { describe, expect, it } from "vitest";
import { opensslPlan } from "./opensslPlan.js";
import { certificatePlan } from "./pkiPlan.js";

const byName = (name: string) => certificatePlan().find((c) => c.name === name)!;

describe("opensslPlan", () => {
  it("makes the CA first, then a key, request and signature per certificate, then the service-account pair", () => {
    const argvs = opensslPlan("/w", [byName("admin")]);
    expect(argvs).toEqual([
      ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "/w/ca.key", "-out", "/w/ca.crt"]
        .concat(["-days", "3650", "-subj", "/CN=verifier-cluster-ca", "-addext", "basicConstraints=critical,CA:TRUE"])
        .concat(["-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"]),
      [
        "openssl",
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "/w/admin.key",
        "-out",
        "/w/admin.csr",
      ].concat(["-subj", "/CN=verifier-admin/O=system:masters"]),
      [
        "openssl",
        "x509",
        "-req",
        "-in",
        "/w/admin.csr",
        "-CA",
        "/w/ca.crt",
        "-CAkey",
        "/w/ca.key",
        "-CAcreateserial",
      ].concat(["-CAserial", "/w/ca.srl", "-days", "825", "-out", "/w/admin.crt", "-extfile", "/w/admin.ext"]),
      ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "/w/service-account.key"],
      ["openssl", "pkey", "-in", "/w/service-account.key", "-pubout", "-out", "/w/service-account.pub"],
    ]);
  });
});
