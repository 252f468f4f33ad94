import { existsSync, rmSync } from "node:fs";
import { run } from "../exec/run.js";
import { step } from "../exec/progress.js";
import { composeArgv, containerIds, detectCompose, networkIds, requireEngine } from "./engine.js";
import { acquireLock } from "./lock.js";
import { localPaths } from "./paths.js";

export interface DownOptions {
  repoRoot: string;
  instance: string;
  /** Also delete data volumes (database, backups, metrics) and generated files. Default false. */
  purge?: boolean;
}

/** Stops an instance: no container or network of it remains; data volumes stay unless purge. */
export async function down(opts: DownOptions): Promise<{ project: string; purged: boolean }> {
  await requireEngine();
  const compose = await detectCompose();
  const paths = localPaths(opts.repoRoot, opts.instance);
  const project = `verifier-${opts.instance}`;
  const release = acquireLock(paths.lock, `down ${opts.instance}`);
  try {
    if (existsSync(paths.compose)) {
      const args = ["down", "--remove-orphans", "--timeout", "45", ...(opts.purge ? ["--volumes"] : [])];
      await step(`stop ${project}`, () => run(composeArgv(compose, project, paths.compose, args), { timeoutMs: 5 * 60_000 }));
    }
    await removeLeftovers(project);
    if (opts.purge) await removeVolumes(project);
  } finally {
    release();
  }
  if (opts.purge) rmSync(paths.root, { recursive: true, force: true });
  return { project, purged: opts.purge === true };
}

/** Purge also finds volumes an earlier checkout left (no compose file here to name them). */
async function removeVolumes(project: string): Promise<void> {
  const volumes = (await run(["docker", "volume", "ls", "-q", "--filter", `label=verifier.project=${project}`])).split("\n").filter(Boolean);
  if (volumes.length > 0) await run(["docker", "volume", "rm", "-f", ...volumes]);
}

/** Anything labelled with the project that compose did not remove (e.g. a crashed earlier run). */
async function removeLeftovers(project: string): Promise<void> {
  const containers = await containerIds(project);
  if (containers.length > 0) await run(["docker", "rm", "-f", ...containers]);
  const networks = await networkIds(project);
  if (networks.length > 0) await run(["docker", "network", "rm", ...networks]);
}
