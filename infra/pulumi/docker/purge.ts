import { run } from "../../exec/run.js";

/** One carrier image per environment, so destroying one environment never removes another's. */
export const carrierImageTag = (project: string): string => `verifier/carrier:${project}`;

/**
 * Whatever is left of a Docker project on the engine, by its name prefix: what `destroy` keeps (data
 * and backup volumes) and the remains of a failed or killed `up` (containers, networks, the carrier
 * image). Used to remove a throwaway environment whole: a drill's, a test's, a bench's.
 */
export async function purgeProject(project: string): Promise<void> {
  const list = async (argv: string[]) => (await run(argv)).split("\n").filter(Boolean);
  const containers = await list(["docker", "ps", "-a", "-q", "--filter", `name=^${project}-`]);
  if (containers.length > 0) await run(["docker", "rm", "-f", "-v", ...containers]);
  const networks = await list(["docker", "network", "ls", "-q", "--filter", `name=^${project}-`]);
  if (networks.length > 0) await run(["docker", "network", "rm", ...networks]);
  const volumes = await list(["docker", "volume", "ls", "-q", "--filter", `name=^${project}-`]);
  if (volumes.length > 0) await run(["docker", "volume", "rm", "-f", ...volumes]);
  const images = await list(["docker", "images", "-q", carrierImageTag(project)]);
  if (images.length > 0) await run(["docker", "rmi", "-f", carrierImageTag(project)]);
}
