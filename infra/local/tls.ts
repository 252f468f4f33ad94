import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { caArgv } from "../exec/openssl.js";
import { run } from "../exec/run.js";
import type { LocalPaths } from "./paths.js";

const SERVER_EXT = [
  "subjectAltName=DNS:localhost,IP:127.0.0.1",
  "basicConstraints=critical,CA:FALSE",
  "keyUsage=critical,digitalSignature,keyEncipherment",
  "extendedKeyUsage=serverAuth",
].join("\n");

/** A local CA (created once; its key never leaves `.local/<instance>/tls`, mode 0600). */
export async function ensureLocalCa(paths: LocalPaths): Promise<{ cert: string; key: string }> {
  mkdirSync(paths.tls, { recursive: true, mode: 0o700 });
  const key = join(paths.tls, "ca.key");
  if (!existsSync(paths.caCert) || !existsSync(key)) {
    await run(caArgv({ key, cert: paths.caCert, subject: "/CN=verifier local CA", days: 825 }));
  }
  return { cert: paths.caCert, key };
}

/** A server certificate for localhost/127.0.0.1 signed by the CA: the PEM the proxy loads (cert, then key). */
export async function issueServerPem(ca: { cert: string; key: string }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "verifier-tls-"));
  try {
    const [key, csr, crt, ext] = ["server.key", "server.csr", "server.crt", "ext.cnf"].map((f) => join(dir, f)) as [
      string,
      string,
      string,
      string,
    ];
    writeFileSync(ext, SERVER_EXT);
    await run([
      "openssl",
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      key,
      "-out",
      csr,
      "-subj",
      "/CN=localhost",
    ]);
    await run([
      "openssl",
      "x509",
      "-req",
      "-in",
      csr,
      "-CA",
      ca.cert,
      "-CAkey",
      ca.key,
      "-CAcreateserial",
      "-CAserial",
      join(dir, "ca.srl"),
      "-out",
      crt,
      "-days",
      "397",
      "-extfile",
      ext,
    ]);
    return readFileSync(crt, "utf8") + readFileSync(key, "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
