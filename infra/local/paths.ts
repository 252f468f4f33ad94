import { join } from "node:path";

/** Everything a local instance keeps on disk, under `.local/<instance>/` (git-ignored). */
export function localPaths(repoRoot: string, instance: string) {
  const root = join(repoRoot, ".local", instance);
  return {
    root,
    compose: join(root, "compose.yaml"),
    state: join(root, "state.json"),
    lock: join(root, "deploy.lock"),
    secrets: join(root, "secrets"),
    tls: join(root, "tls"),
    caCert: join(root, "tls", "ca.crt"),
    mounts: join(root, "mounts"),
    releaseLog: join(root, "releases.jsonl"),
    /** `.local/credentials.json` belongs to the default instance; test instances keep their own. */
    credentials: instance === "local" ? join(repoRoot, ".local", "credentials.json") : join(root, "credentials.json"),
  };
}

export type LocalPaths = ReturnType<typeof localPaths>;
