import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../infra/exec/run.js";
import { ensureImages } from "../../infra/images/build.js";
import { REPO_ROOT } from "./instance.js";

/** A folder a proxy container can mount: a throwaway certificate (`tls_pem`) and room for configurations. */
export interface HaproxyWorkdir {
  dir: string;
  /** The proxy image the stacks run (built offline when missing). */
  image: string;
  /** Writes `text` as `name` in the folder, readable by the container's user; returns its path. */
  write(name: string, text: string): string;
  /** `docker run` arguments mounting `config` (a file of the folder) as HAProxy's configuration, and the certificate. */
  mounts(config: string): string[];
}

/** Makes the folder with a self-signed certificate for `CN=check`, valid a day. */
export async function haproxyWorkdir(prefix: string): Promise<HaproxyWorkdir> {
  const image = (await ensureImages({ repoRoot: REPO_ROOT })).proxy;
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  const [key, crt] = [join(dir, "key.pem"), join(dir, "crt.pem")];
  await run(
    ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=check", "-days", "1"].concat([
      "-keyout",
      key,
      "-out",
      crt,
    ]),
  );
  await run(["sh", "-c", 'cat "$1" "$2" > "$3" && chmod 0644 "$3"', "sh", crt, key, join(dir, "tls_pem")]);
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode: 0o644 });
    return path;
  };
  const mounts = (config: string) => [
    "-v",
    `${join(dir, config)}:/etc/haproxy/haproxy.cfg:ro`,
    "-v",
    `${join(dir, "tls_pem")}:/run/secrets/tls_pem:ro`,
  ];
  return { dir, image, write, mounts };
}
