import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentModel, VolumeSpec } from "../../model/types.js";
import type { Build } from "../components/build.js";
import type { VolumeRef } from "./containerArgs.js";

/**
 * A named volume per model volume, except a backup location given as a host path (bind-mounted).
 * Kept volumes are retained on delete: replacing or destroying the stack leaves data and backups.
 */
export function dockerStorage(model: EnvironmentModel): Build<Record<string, pulumi.Output<string>>> {
  return (parent, name) =>
    Object.fromEntries(
      model.volumes.map((v) => {
        if (v.hostPath) return [v.name, pulumi.output(v.hostPath)];
        const volume = new docker.Volume(
          `${name}-${v.name}`,
          { name: volumeName(model, v), labels: [{ label: "verifier.project", value: model.project }] },
          { parent, retainOnDelete: v.keep },
        );
        return [v.name, volume.name];
      }),
    );
}

export const volumeName = (model: EnvironmentModel, v: VolumeSpec): string => `${model.project}-${v.name}`;

/** How containers mount each model volume; the source is the volume's output, so containers wait for it. */
export function volumeRefs(
  model: EnvironmentModel,
  refs: Record<string, pulumi.Output<string>>,
): Record<string, VolumeRef> {
  return Object.fromEntries(
    model.volumes.map((v) => [
      v.name,
      { type: v.hostPath ? "bind" : "volume", source: refs[v.name]! } satisfies VolumeRef,
    ]),
  );
}
