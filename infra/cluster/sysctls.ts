import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { writeFileAtomic } from "../local/fsx.js";
import { KERNEL_TUNABLES } from "./dockerNode.js";
import type { ClusterPaths } from "./paths.js";

const file = (name: string): string => `/proc/sys/${name.replaceAll(".", "/")}`;
const read = (name: string): string => readFileSync(file(name), "utf8").trim();

/** The kernel settings the kubelet changes, as they are now. */
export const currentTunables = (): Record<string, string> =>
  Object.fromEntries(KERNEL_TUNABLES.map((n) => [n, read(n)]));

/** Records the host's settings once, before the node's first kubelet (a restarted one would record its own). */
export function recordKernelTunables(paths: ClusterPaths): void {
  if (!existsSync(paths.node.hostSysctls))
    writeFileAtomic(paths.node.hostSysctls, `${JSON.stringify(currentTunables(), null, 2)}\n`, 0o600);
}

/** The recorded settings, or none when `up` never got as far as recording them. */
export function recordedTunables(paths: ClusterPaths): Record<string, string> {
  return existsSync(paths.node.hostSysctls) ? JSON.parse(readFileSync(paths.node.hostSysctls, "utf8")) : {};
}

/** Puts the recorded settings back (the kubelet is stopped by then); answers those that would not take. */
export function restoreKernelTunables(paths: ClusterPaths): string[] {
  const failed: string[] = [];
  for (const [name, value] of Object.entries(recordedTunables(paths))) {
    if (read(name) === value) continue;
    try {
      writeFileSync(file(name), value);
    } catch {
      failed.push(`sysctl -w ${name}=${value}`);
    }
  }
  return failed;
}

/** `sysctl -w` lines for the recorded settings that differ from the host's now. */
export const tunablesDiffering = (paths: ClusterPaths): string[] =>
  Object.entries(recordedTunables(paths))
    .filter(([name, value]) => read(name) !== value)
    .map(([name, value]) => `sysctl -w ${name}=${value}`);
