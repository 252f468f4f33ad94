import * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { EnvironmentModel, ServiceSpec } from "../../model/types.js";
import { step } from "../steps/command.js";
import { carrierImageTag } from "./purge.js";
import { dockerCarrierImage, dockerImageRemove } from "../steps/plan.js";
import { containerName } from "./containerArgs.js";
import type { DockerContext } from "./context.js";
import { filePlan, type FileGroup, type FileSource } from "./files.js";
import { containerLabels } from "./labels.js";

/** Secrets readable by the service's own uid only; configuration readable by all. */
const SECRET_MODE = "0400";
const CONFIG_MODE = "0444";

/** The empty carrier image, imported on the Docker host before any carrier is created; removed on destroy. */
export function carrierImage(
  parent: pulumi.ComponentResource,
  name: string,
  model: EnvironmentModel,
  stepEnv: Record<string, string>,
): pulumi.Output<string> {
  const tag = carrierImageTag(model.project);
  const made = step(
    `${name}-carrier-image`,
    { argv: dockerCarrierImage(tag), deleteArgv: dockerImageRemove(tag), triggers: [tag], environment: stepEnv },
    { parent },
  );
  return made.stdout.apply(() => tag);
}

export interface Carried {
  files: { dir: string; volume: pulumi.Input<string> }[];
  carrier?: docker.Container;
}

/**
 * Volumes holding a service's files, filled by a carrier container that is created but never
 * started (see files.ts for why). It is replaced when any file changes; its id then changes, which
 * the service uses as its restart trigger.
 */
export function carryFiles(
  parent: pulumi.ComponentResource,
  name: string,
  spec: ServiceSpec,
  ctx: DockerContext,
): Carried {
  const groups = filePlan(spec);
  if (groups.length === 0) return { files: [] };
  const base = `${containerName(ctx.model, spec)}-files`;
  const volumes = groups.map(
    (g) =>
      new docker.Volume(
        `${name}-files-${g.slug}`,
        { name: `${base}-${g.slug}`, labels: volumeLabels(ctx, spec) },
        { parent },
      ),
  );
  const files = groups.map((g, i) => ({ dir: g.dir, volume: volumes[i]!.name }));
  const carrier = new docker.Container(`${name}-files`, carrierArgs(spec, base, files, groups, ctx), {
    parent,
    deleteBeforeReplace: true,
  });
  return { files, carrier };
}

function carrierArgs(
  spec: ServiceSpec,
  base: string,
  files: Carried["files"],
  groups: FileGroup[],
  ctx: DockerContext,
): docker.ContainerArgs {
  const [owner, group] = spec.user.split(":");
  return {
    name: base,
    // No user: the empty carrier image has none, so each upload keeps the owner it names (see dockerCarrierImage).
    image: ctx.carrierImage,
    start: false,
    mustRun: false,
    networkMode: "none",
    // The one field it cannot share with the service: uploads need a writable root. It never runs.
    readOnly: false,
    privileged: false,
    capabilities: { drops: ["ALL"] },
    securityOpts: ["no-new-privileges:true"],
    // No memory or CPU limits: it never runs, and Docker reports limits of a never-started container
    // back differently from what was asked, so every `pulumi preview` would see a change.
    restart: "no",
    mounts: files.map((f) => ({ type: "volume", source: f.volume, target: f.dir, readOnly: false })),
    uploads: groups.flatMap((g) =>
      g.files.map((f) => ({
        file: f.path,
        content: contentOf(f.source, ctx),
        permissions: modeOf(f.source),
        owner,
        group,
      })),
    ),
    labels: [...containerLabels(ctx.model, spec), { label: "verifier.carrier", value: "files" }],
  };
}

function contentOf(source: FileSource, ctx: DockerContext): pulumi.Input<string> {
  if (source.kind === "config") return source.content;
  const value = ctx.secrets.values[source.name];
  if (!value) throw new Error(`secret ${source.name} is needed by the model but has no value in this stack`);
  return value;
}

const modeOf = (source: FileSource): string => (source.kind === "secret" ? SECRET_MODE : CONFIG_MODE);

const volumeLabels = (ctx: DockerContext, spec: ServiceSpec) => [
  { label: "verifier.project", value: ctx.model.project },
  { label: "verifier.service", value: spec.name },
];
