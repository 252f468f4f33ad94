import { posix } from "node:path";
import type { SecretName, ServiceSpec } from "../../model/types.js";

/**
 * Secrets reach containers as files, never as environment values: the model's environment names
 * `*_FILE` paths (the Compose rendering mounts the same files), HAProxy needs its PEM as a file, and
 * environment values are visible to anyone who can `docker inspect`. The values stay secret Outputs
 * up to the upload, so Pulumi keeps them encrypted in state.
 *
 * Files a container reads (secrets at /run/secrets/<name>, rendered configuration) are grouped into the
 * fewest directories. Each group becomes a named volume that a never-started "carrier" container fills
 * through `uploads` and the service mounts read-only: Docker refuses uploads into a read-only root
 * (`container rootfs is marked read-only`), and the provider always extracts at "/", so files cannot
 * be uploaded into the hardened container itself.
 */
export const SECRETS_DIR = "/run/secrets";

export type FileSource = { kind: "secret"; name: SecretName } | { kind: "config"; name: string; content: string };

export interface FileGroup {
  dir: string;
  /** The directory as a name part: /etc/haproxy -> etc-haproxy. */
  slug: string;
  files: { path: string; source: FileSource }[];
}

export function filePlan(spec: ServiceSpec): FileGroup[] {
  const files = [
    ...spec.secrets.map((name) => ({
      path: posix.join(SECRETS_DIR, name),
      source: { kind: "secret", name } as FileSource,
    })),
    ...spec.configFiles.map((f) => ({
      path: f.target,
      source: { kind: "config", name: f.name, content: f.content } as FileSource,
    })),
  ];
  const dirs = outermost([...new Set(files.map((f) => posix.dirname(f.path)))]);
  return dirs.map((dir) => ({
    dir,
    slug: dir.replace(/^\//, "").replace(/\//g, "-"),
    files: files.filter((f) => f.path.startsWith(`${dir}/`)),
  }));
}

/** Drops directories nested in another of the set: /etc/prometheus covers /etc/prometheus/rules. */
function outermost(dirs: string[]): string[] {
  return dirs.filter((d) => !dirs.some((other) => other !== d && d.startsWith(`${other}/`))).sort();
}
