import { stringify } from "yaml";
import { writeFileAtomic } from "../local/fsx.js";
import type { ClusterPaths } from "./paths.js";
import { USERS, type User } from "./pkiPlan.js";

export interface KubeconfigInput {
  /** The cluster's (and the context's) name. */
  cluster: string;
  /** https://127.0.0.1:<port> */
  server: string;
  caFile: string;
  user: string;
  certFile: string;
  keyFile: string;
}

/** A kubeconfig naming its certificate files (no key material is copied into it). */
export function renderKubeconfig(k: KubeconfigInput): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: k.cluster, cluster: { server: k.server, "certificate-authority": k.caFile } }],
    users: [{ name: k.user, user: { "client-certificate": k.certFile, "client-key": k.keyFile } }],
    contexts: [{ name: k.cluster, context: { cluster: k.cluster, user: k.user } }],
    "current-context": k.cluster,
  });
}

/** One kubeconfig per user (pkiPlan's USERS), rewritten at every `up`: the apiserver's port may change. */
export function writeKubeconfigs(paths: ClusterPaths, cluster: string, server: string): void {
  for (const user of Object.keys(USERS) as User[]) {
    const text = renderKubeconfig({
      cluster,
      server,
      caFile: paths.cert("ca"),
      user: USERS[user].commonName,
      certFile: paths.cert(user),
      keyFile: paths.key(user),
    });
    writeFileAtomic(paths.kubeconfig(user), text, 0o600);
  }
}
