import { run } from "../../exec/run.js";

/** One carrier image per environment, so destroying one environment never removes another's. */
export const carrierImageTag = (project: string): string => `verifier/carrier:${project}`;

/** The one I/O seam: a docker command's standard output (throws CommandError when it fails). */
export type Docker = (argv: string[]) => Promise<string>;

/**
 * Whatever is left of a Docker project on the engine, by its name prefix: what `destroy` keeps (data
 * and backup volumes) and the remains of a failed or killed `up` (containers, networks, the carrier
 * image). Used to remove a throwaway environment whole: a drill's, a test's, a bench's. A container
 * of another name still attached to one of the project's networks (a one-off job, a probe) goes too,
 * and an endpoint the engine still lists for a container already gone is disconnected: a network with
 * an active endpoint cannot be removed.
 */
export async function purgeProject(project: string, docker: Docker = run): Promise<void> {
  const list = async (argv: string[]) => (await docker(argv)).split("\n").filter(Boolean);
  const byName = ["--filter", `name=^${project}-`];
  const networks = await list(["docker", "network", "ls", "-q", ...byName]);
  const attached = await Promise.all(
    networks.map((n) => list(["docker", "ps", "-a", "-q", "--filter", `network=${n}`])),
  );
  const containers = [...new Set([...(await list(["docker", "ps", "-a", "-q", ...byName])), ...attached.flat()])];
  if (containers.length > 0) await docker(["docker", "rm", "-f", "-v", ...containers]);
  for (const network of networks) {
    const endpoints = await list([
      "docker",
      "network",
      "inspect",
      "--format",
      "{{range .Containers}}{{println .Name}}{{end}}",
      network,
    ]);
    for (const endpoint of endpoints) await docker(["docker", "network", "disconnect", "-f", network, endpoint]);
  }
  // The engine may keep an endpoint that no container and no name holds any more (seen after a destroy
  // under load): only a restart of the daemon drops it. The volumes and the image still go first, so the
  // next environment of this name never starts on this one's data (a CI run once did).
  const stale =
    networks.length === 0
      ? undefined
      : await docker(["docker", "network", "rm", ...networks]).then(
          () => undefined,
          (e: Error) => {
            if (!/has active endpoints/.test(e.message)) throw e;
            return new Error(
              `${e.message}; no container holds that endpoint any more, so the Docker daemon kept a stale one: restart dockerd (bash scripts/setup-host.sh starts it again), then remove ${project}'s networks (its containers, volumes and image are removed)`,
            );
          },
        );
  const volumes = await list(["docker", "volume", "ls", "-q", ...byName]);
  if (volumes.length > 0) await docker(["docker", "volume", "rm", "-f", ...volumes]);
  const images = await list(["docker", "images", "-q", carrierImageTag(project)]);
  if (images.length > 0) await docker(["docker", "rmi", "-f", carrierImageTag(project)]);
  if (stale) throw stale;
}
