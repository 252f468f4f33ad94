import type * as pulumi from "@pulumi/pulumi";
import type { ServiceRole } from "../../config/schema.js";
import type { ServiceSpec } from "../../model/types.js";
import type { Build } from "../components/build.js";
import type { WorkloadOutputs } from "../components/workload.js";
import { imageRefOf } from "../imageRefs.js";
import type { DockerContext } from "./context.js";
import { dockerImage } from "./image.js";
import { dockerService, type DockerService, type ServiceOptions } from "./service.js";

export function specOf(ctx: DockerContext, role: ServiceRole): ServiceSpec {
  const spec = ctx.model.services.find((s) => s.role === role);
  if (!spec) throw new Error(`the model of ${ctx.model.stack} has no ${role} service`);
  return spec;
}

/** A component holding one model service: its image and its container (postgres, redis, sandbox, ...). */
export function singleService(
  parent: pulumi.ComponentResource,
  name: string,
  spec: ServiceSpec,
  ctx: DockerContext,
  options: ServiceOptions = {},
): DockerService {
  const { image } = dockerImage(parent, `${name}-image`, imageRefOf(ctx.model, ctx.images, spec), ctx);
  return dockerService(parent, `${name}-${spec.name}`, spec, image, ctx, options);
}

/** Database, Cache and Sandbox on Docker: one container, answering on the service's name. */
export function dockerWorkload(ctx: DockerContext, role: ServiceRole): Build<WorkloadOutputs> {
  return (parent, name) => {
    const spec = specOf(ctx, role);
    return { host: spec.name, ready: [singleService(parent, name, spec, ctx).container] };
  };
}

/** Prometheus on the internal metrics network; the scrape config is the model's. */
export function dockerMetrics(ctx: DockerContext): Build<{ scrapeConfig: string }> {
  return (parent, name) => {
    const spec = specOf(ctx, "prometheus");
    singleService(parent, name, spec, ctx);
    const config = spec.configFiles.find((f) => f.name === "prometheus.yml");
    if (!config) throw new Error("the prometheus service of the model carries no prometheus.yml");
    return { scrapeConfig: config.content };
  };
}

/** The model's backup scheduler container; its volume is mounted by no app container. */
export function dockerBackup(
  ctx: DockerContext,
  location: pulumi.Input<string>,
): Build<{ location: pulumi.Input<string> }> {
  return (parent, name) => {
    singleService(parent, name, specOf(ctx, "backup"), ctx);
    return { location };
  };
}
