import { join } from "node:path";
import { caArgv } from "../exec/openssl.js";
import { CA_NAME, type CertSpec, subjectOf } from "./pkiPlan.js";

const CA_SUBJECT = "/CN=verifier-cluster-ca";
const CA_DAYS = 3650;
const LEAF_DAYS = 825;

/** The openssl commands that make everything in dir: the CA, each leaf (key, request, signature), the SA key pair. */
export function opensslPlan(dir: string, certs: CertSpec[]): string[][] {
  const f = (name: string, ext: string) => join(dir, `${name}.${ext}`);
  const ca = ["-CA", f(CA_NAME, "crt"), "-CAkey", f(CA_NAME, "key"), "-CAcreateserial", "-CAserial", f(CA_NAME, "srl")];
  return [
    caArgv({
      key: f(CA_NAME, "key"),
      cert: f(CA_NAME, "crt"),
      subject: CA_SUBJECT,
      days: CA_DAYS,
      extraKeyUsage: ["digitalSignature"],
    }),
    ...certs.flatMap((c) => [
      [
        "openssl",
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        f(c.name, "key"),
        "-out",
        f(c.name, "csr"),
      ].concat(["-subj", subjectOf(c)]),
      [
        "openssl",
        "x509",
        "-req",
        "-in",
        f(c.name, "csr"),
        ...ca,
        "-days",
        String(LEAF_DAYS),
        "-out",
        f(c.name, "crt"),
      ].concat(["-extfile", f(c.name, "ext")]),
    ]),
    [
      "openssl",
      "genpkey",
      "-algorithm",
      "RSA",
      "-pkeyopt",
      "rsa_keygen_bits:2048",
      "-out",
      join(dir, "service-account.key"),
    ],
    ["openssl", "pkey", "-in", join(dir, "service-account.key"), "-pubout", "-out", join(dir, "service-account.pub")],
  ];
}
