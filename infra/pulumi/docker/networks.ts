import * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import { bridgeOptions } from "../../model/hostGuard.js";
import type { EnvironmentModel } from "../../model/types.js";
import type { Build } from "../components/build.js";

/** One bridge network per model network; `internal` ones have no route off the host and a bridge the host guard knows. */
export function dockerNetworks(model: EnvironmentModel): Build<Record<string, pulumi.Output<string>>> {
  return (parent, name) =>
    Object.fromEntries(
      model.networks.map((n) => {
        const network = new docker.Network(
          `${name}-${n.name}`,
          {
            name: `${model.project}-${n.name}`,
            internal: n.internal,
            ...(n.internal ? { options: bridgeOptions(model.project, n) } : {}),
            labels: [{ label: "verifier.project", value: model.project }],
          },
          { parent },
        );
        return [n.name, network.name];
      }),
    );
}
