import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { say } from "../exec/progress.js";
import { writeFileAtomic } from "../local/fsx.js";
import { DOCKER_NODE } from "./dockerNode.js";
import { hostNetworkUp } from "./hostNetworkPlan.js";
import { ensureSandboxImage, runHostSteps } from "./nodeHost.js";
import { releaseDockerNode } from "./nodeClaim.js";
import { tearDownDockerNode } from "./nodeDown.js";
import { cniConflist, CNI_CONFLIST, corefile } from "./nodeNetworkConfig.js";
import { kubeletConfig, kubeProxyConfig } from "./nodeConfig.js";
import type { ClusterPaths } from "./paths.js";
import type { ClusterState } from "./state.js";
import { recordKernelTunables } from "./sysctls.js";

/**
 * What a docker-runtime node needs before its components start (the host's node already claimed): the
 * pods' bridge and FORWARD chain, the sandbox image in the engine, the components' configuration files,
 * and a record of the kernel settings the kubelet will change.
 */
export async function prepareDockerNode(paths: ClusterPaths, binDir: string): Promise<void> {
  await runHostSteps(hostNetworkUp(), `preparing the pods' bridge ${DOCKER_NODE.bridge}`);
  await ensureSandboxImage(binDir);
  writeNodeFiles(paths);
  recordKernelTunables(paths);
}

/**
 * Undoes a docker-runtime node whose `up` failed: its pods, processes and host changes go (the state
 * directory and its logs stay for the post-mortem). What cannot be removed is said, not thrown: the
 * start's own error is the one to report.
 */
export async function abandonDockerNode(state: ClusterState, paths: ClusterPaths): Promise<void> {
  const leftovers = await tearDownDockerNode(state, paths).catch((e: Error) => [e.message]);
  if (leftovers.length === 0) releaseDockerNode(paths.root);
  else say(`the failed docker-runtime node left behind:\n  ${leftovers.join("\n  ")}`);
}

/** The files a docker-runtime node's components read (nodeConfig.ts, nodeNetworkConfig.ts), rewritten at every `up`. */
export function writeNodeFiles(paths: ClusterPaths): void {
  const n = paths.node;
  for (const dir of [n.root, n.cniConfDir, n.cniCacheDir, n.cniIpamDir, n.kubeletRoot, n.podLogs, n.volumePlugins])
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileAtomic(n.kubeletConfig, stringify(kubeletConfig(paths)), 0o600);
  writeFileAtomic(n.kubeProxyConfig, stringify(kubeProxyConfig(paths)), 0o600);
  writeFileAtomic(join(n.cniConfDir, CNI_CONFLIST), `${JSON.stringify(cniConflist(paths), null, 2)}\n`, 0o600);
  writeFileAtomic(n.corefile, corefile(paths), 0o600);
}
