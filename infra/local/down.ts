import { existsSync, rmSync } from "node:fs";
import { run } from "../exec/run.js";
import { step } from "../exec/progress.js";
import { composeArgv, containerIds, detectCompose, networkIds, requireEngine } from "./engine.js";
import { acquireLock } from "./lock.js";
import { localPaths } from "./paths.js";
import { projectOf } from "../model/build.js";

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
  const project = projectOf(opts.instance);
  const release = acquireLock(paths.lock, `down ${opts.instance}`);
  try {
    let composeFailure: Error | undefined;
    if (existsSync(paths.compose)) {
      const args = ["down", "--remove-orphans", "--timeout", "45", ...(opts.purge ? ["--volumes"] : [])];
      // Compose can stop half-way (a network whose last endpoint the engine has not released yet):
      // what it left is removed below, and only what is left after that is an error.
      composeFailure = await step(`stop ${project}`, () =>
        run(composeArgv(compose, project, paths.compose, args), { timeoutMs: 5 * 60_000 }),
      ).then(
        () => undefined,
        (e: Error) => e,
      );
    }
    await removeLeftovers(project).catch((e: Error) => {
      throw new Error(
        `${project} is not fully removed: ${e.message}${composeFailure ? ` (compose down had failed: ${composeFailure.message})` : ""}; run \`npm stop -- --stack ${opts.instance} --purge\` again or remove it with docker by hand`,
      );
    });
    if (opts.purge) await removeVolumes(project);
  } finally {
    release();
  }
  if (opts.purge) rmSync(paths.root, { recursive: true, force: true });
  return { project, purged: opts.purge === true };
}

/** Purge also finds volumes an earlier checkout left (no compose file here to name them). */
async function removeVolumes(project: string): Promise<void> {
  const volumes = (await run(["docker", "volume", "ls", "-q", "--filter", `label=verifier.project=${project}`]))
    .split("\n")
    .filter(Boolean);
  if (volumes.length > 0) await run(["docker", "volume", "rm", "-f", ...volumes]);
}

/** Anything labelled with the project that compose did not remove (e.g. a crashed earlier run). */
async function removeLeftovers(project: string): Promise<void> {
  const containers = await containerIds(project);
  if (containers.length > 0) await run(["docker", "rm", "-f", ...containers]);
  // An endpoint of a container just removed can outlive it for a moment: a few tries, then the error.
  for (let attempt = 1; ; attempt++) {
    const networks = await networkIds(project);
    if (networks.length === 0) return;
    try {
      await run(["docker", "network", "rm", ...networks]);
      return;
    } catch (error) {
      if (attempt >= NETWORK_RM_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

const NETWORK_RM_ATTEMPTS = 5;
