import { notUp } from "./errors.js";
import { resolveOptions, type ClusterOptionsInput } from "./options.js";
import { clusterPaths } from "./paths.js";
import { healthyState } from "./up.js";

/** A word for a POSIX shell, single-quoted when it needs quoting. */
export const shellWord = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

/** The lines `eval "$(npm run -s cluster -- env)"` runs: the admin's kubeconfig, the built binaries first on PATH. */
export function envLines(kubeconfig: string, binDir: string): string[] {
  return [`export KUBECONFIG=${shellWord(kubeconfig)}`, `export PATH=${shellWord(binDir)}:"$PATH"`];
}

/** The env lines of a running cluster; refuses (CLUSTER_NOT_UP) when it is not running and ready. */
export async function clusterEnv(input: ClusterOptionsInput): Promise<string[]> {
  const paths = clusterPaths(resolveOptions(input).stateDir);
  const state = await healthyState(paths);
  if (!state) throw notUp(paths.root);
  return envLines(paths.adminKubeconfig, state.binDir);
}
