import { run } from "../exec/run.js";

/**
 * Which checkout made a local instance's data volumes: a label set when Compose creates them, read
 * before anything starts. Two checkouts on one host that start the same instance name would otherwise
 * share one database silently, and each start re-applies its own checkout's password to it (the
 * Postgres entrypoint does, so that lost or rotated secrets never lock the services out), locking the
 * other checkout's services out instead.
 */
export const CHECKOUT_LABEL = "verifier.checkout";

export interface ExistingVolume {
  name: string;
  labels: Record<string, string>;
}

export const checkoutLabels = (checkout: string): Record<string, string> => ({ [CHECKOUT_LABEL]: checkout });

/** Pure: one message per volume another checkout made, naming it, both checkouts and the ways out. */
export function claimProblems(volumes: ExistingVolume[], checkout: string): string[] {
  return volumes
    .filter((v) => v.labels[CHECKOUT_LABEL] !== undefined && v.labels[CHECKOUT_LABEL] !== checkout)
    .map(
      (v) =>
        `volume ${v.name} belongs to the checkout at ${v.labels[CHECKOUT_LABEL]}, not this one (${checkout}): two checkouts must not share one instance's data. Work in the checkout at ${v.labels[CHECKOUT_LABEL]}, or remove its instance there with \`npm stop -- --purge\` (deletes that data) before starting this one`,
    );
}

export class VolumeClaimError extends Error {
  readonly code = "VOLUMES_NOT_OURS";
  constructor(readonly problems: string[]) {
    super(`nothing was started: ${problems.join("; ")}`);
    this.name = "VolumeClaimError";
  }
}

/** The project's volumes on the engine, with their labels. */
export async function existingVolumes(project: string): Promise<ExistingVolume[]> {
  const names = (await run(["docker", "volume", "ls", "-q", "--filter", `label=verifier.project=${project}`]))
    .split("\n")
    .filter(Boolean);
  if (names.length === 0) return [];
  const inspected = JSON.parse(await run(["docker", "volume", "inspect", ...names])) as {
    Name: string;
    Labels: Record<string, string> | null;
  }[];
  return inspected.map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
}

/** Refuses, before anything starts, volumes another checkout made. */
export async function assertVolumesOurs(project: string, checkout: string): Promise<void> {
  const problems = claimProblems(await existingVolumes(project), checkout);
  if (problems.length > 0) throw new VolumeClaimError(problems);
}
