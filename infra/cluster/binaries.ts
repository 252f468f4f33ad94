import { existsSync } from "node:fs";
import { join } from "node:path";
import { CommandError, run } from "../exec/run.js";
import { ClusterError } from "./errors.js";
import { BINARIES } from "./paths.js";

/**
 * The control plane's binaries (cluster/build.sh): built from Go modules when their cache entry is
 * missing, with the build's progress streamed to stderr, and their bin directory returned.
 */
export async function ensureBinaries(repoRoot: string): Promise<string> {
  const script = join(repoRoot, "cluster", "build.sh");
  let bin: string;
  try {
    bin = (await run(["bash", script], { inheritStderr: true, timeoutMs: 90 * 60_000 })).trim();
  } catch (err) {
    const exit = err instanceof CommandError ? `exit ${err.exitCode ?? "by signal"}` : (err as Error).message;
    throw new ClusterError("CLUSTER_BUILD", `${script} failed (${exit}; its error is above); run it alone to retry`);
  }
  const missing = BINARIES.filter((b) => !existsSync(join(bin, b)));
  if (missing.length > 0)
    throw new ClusterError("CLUSTER_BUILD", `${bin} lacks ${missing.join(", ")}; delete ${bin}/.. and run ${script}`);
  return bin;
}
