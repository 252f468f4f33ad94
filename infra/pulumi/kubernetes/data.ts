import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ServiceRole } from "../../config/schema.js";
import type { Build } from "../components/build.js";
import type { WorkloadOutputs } from "../components/workload.js";
import { claimOf, imageOf, metadata, specOf, type KubeContext } from "./context.js";
import { podSpec } from "./podSpec.js";
import { deploymentInput, statefulSetInput } from "./pulumiTypes.js";
import { externalDatabaseSpec, serviceSpec } from "./services.js";
import { deploymentSpec, statefulSetSpec } from "./workloads.js";

/** Postgres as a StatefulSet with a claim behind a headless Service, or an external host under the same name. */
export function kubeDatabase(ctx: KubeContext, dependsOn: pulumi.Resource[]): Build<WorkloadOutputs> {
  return (parent, name) => {
    const spec = specOf(ctx, "postgres");
    const external = ctx.model.config.kubernetes?.externalDatabaseHost;
    if (external) {
      const service = new k8s.core.v1.Service(
        `${name}-service`,
        { metadata: metadata(ctx, spec.name, spec), spec: externalDatabaseSpec(external) },
        { parent },
      );
      return { host: spec.name, ready: [service] };
    }
    const service = new k8s.core.v1.Service(
      `${name}-service`,
      { metadata: metadata(ctx, spec.name, spec), spec: serviceSpec(ctx.model, spec, { headless: true }) },
      { parent },
    );
    const pod = podSpec(spec, {
      image: imageOf(ctx, spec, parent),
      secretName: ctx.secretName,
      claims: ctx.claims,
      claimTemplates: ["pgdata"],
    });
    const set = new k8s.apps.v1.StatefulSet(
      `${name}-statefulset`,
      {
        metadata: metadata(ctx, spec.name, spec),
        spec: statefulSetInput(statefulSetSpec(ctx.model, spec, pod, claimOf(ctx, "pgdata"))),
      },
      { parent, dependsOn: [service, ...dependsOn] },
    );
    return { host: spec.name, ready: [set, service] };
  };
}

/** Redis and the sandbox: one Deployment and a Service under the model's service name. */
export function kubeWorkload(
  ctx: KubeContext,
  role: ServiceRole,
  dependsOn: pulumi.Resource[],
): Build<WorkloadOutputs> {
  return (parent, name) => {
    const spec = specOf(ctx, role);
    const pod = podSpec(spec, { image: imageOf(ctx, spec, parent), secretName: ctx.secretName, claims: ctx.claims });
    const deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      { metadata: metadata(ctx, spec.name, spec), spec: deploymentInput(deploymentSpec(ctx.model, spec, 1, pod)) },
      { parent, dependsOn },
    );
    const service = new k8s.core.v1.Service(
      `${name}-service`,
      { metadata: metadata(ctx, spec.name, spec), spec: serviceSpec(ctx.model, spec) },
      { parent },
    );
    return { host: spec.name, ready: [deployment, service] };
  };
}
