import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Colour } from "../../config/schema.js";
import type { ApiSlotOutputs } from "../components/apiSlot.js";
import type { Build } from "../components/build.js";
import { step } from "../steps/command.js";
import { kubeMigrated } from "../steps/plan.js";
import { imageOf, metadata, specOf, type KubeContext } from "./context.js";
import { apiDeploymentName } from "./names.js";
import { podSpec } from "./podSpec.js";
import { deploymentInput } from "./pulumiTypes.js";
import { selectorLabels } from "./labels.js";
import { deploymentSpec, disruptionBudgetSpec } from "./workloads.js";

/** One colour: a Deployment of the model's replicas, a disruption budget, and the proof it migrated before traffic. */
export function kubeApiSlot(ctx: KubeContext, colour: Colour, dependsOn: pulumi.Resource[]): Build<ApiSlotOutputs> {
  return (parent, name) => {
    const spec = specOf(ctx, "api", colour);
    const replicas = ctx.model.services.filter((s) => s.role === "api" && s.colour === colour).length;
    const image = imageOf(ctx, spec, parent);
    const pod = podSpec(spec, { image, secretName: ctx.secretName, claims: ctx.claims });
    const meta = metadata(ctx, apiDeploymentName(colour), spec);
    const deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      { metadata: meta, spec: deploymentInput(deploymentSpec(ctx.model, spec, replicas, pod)) },
      { parent, dependsOn },
    );
    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      { metadata: meta, spec: disruptionBudgetSpec(ctx.model, colour) },
      { parent },
    );
    const migrated = step(
      `${name}-migrated`,
      {
        argv: kubeMigrated(ctx.target, apiDeploymentName(colour), selectorLabels(ctx.model, "api", colour)),
        triggers: [image],
      },
      { parent, dependsOn: [deployment] },
    );
    return { image, version: image, migrated };
  };
}
