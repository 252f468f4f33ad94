import * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { ServiceSpec } from "../../model/types.js";
import { dockerPidsLimit } from "../steps/plan.js";
import { step } from "../steps/command.js";
import { carryFiles } from "./carrier.js";
import { containerArgs, containerName } from "./containerArgs.js";
import type { DockerContext } from "./context.js";

export interface ServiceOptions {
  /** Recreate the container when its files change. Default true; the proxy reloads instead. */
  replaceOnFileChange?: boolean;
  /** Resources to wait for beyond the model's depends_on (the active colour's migrations, for the proxy). */
  dependsOn?: pulumi.Resource[];
}

export interface DockerService {
  container: docker.Container;
  carrier?: docker.Container;
  /** Files carrier id: changes whenever a file of the service changes. */
  filesVersion?: pulumi.Output<string>;
}

/** One hardened container of the model, its files, and its pids limit. */
export function dockerService(
  parent: pulumi.ComponentResource,
  name: string,
  spec: ServiceSpec,
  image: pulumi.Input<string>,
  ctx: DockerContext,
  options: ServiceOptions = {},
): DockerService {
  const { files, carrier } = carryFiles(parent, name, spec, ctx);
  const trigger =
    carrier && options.replaceOnFileChange !== false ? [{ label: "verifier.files", value: carrier.id }] : [];
  const args = containerArgs(spec, {
    model: ctx.model,
    image,
    networks: ctx.networks,
    volumes: ctx.volumes,
    files,
    extraLabels: trigger,
  });
  // Named containers cannot coexist with their replacement: delete first, after the grace period.
  const container = new docker.Container(name, args, {
    parent,
    deleteBeforeReplace: true,
    dependsOn: [...dependencies(spec, ctx), ...(options.dependsOn ?? []), ...(carrier ? [carrier] : [])],
  });
  ctx.containers.set(spec.name, container);
  limitPids(parent, name, spec, container, ctx);
  return { container, ...(carrier ? { carrier, filesVersion: carrier.id } : {}) };
}

/**
 * @pulumi/docker v5 has no pids-limit field (ContainerArgs lacks it), so the limit is applied with
 * `docker update --pids-limit` right after creation, and again whenever the container is replaced.
 */
function limitPids(
  parent: pulumi.ComponentResource,
  name: string,
  spec: ServiceSpec,
  container: docker.Container,
  ctx: DockerContext,
) {
  const argv = dockerPidsLimit(containerName(ctx.model, spec), spec.limits.pids);
  return step(
    `${name}-pids`,
    { argv, triggers: [container.id], environment: ctx.stepEnv },
    { parent, dependsOn: [container] },
  );
}

function dependencies(spec: ServiceSpec, ctx: DockerContext): docker.Container[] {
  return spec.dependsOn.map((dep) => {
    const container = ctx.containers.get(dep);
    if (!container)
      throw new Error(`service ${spec.name} depends on ${dep}, which is not created yet: create dependencies first`);
    return container;
  });
}
