import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Colour } from "../../config/schema.js";
import type { ApiSlot } from "../components/apiSlot.js";
import type { Build } from "../components/build.js";
import type { TrafficSwitchOutputs } from "../components/trafficSwitch.js";
import { step } from "../steps/command.js";
import { kubeSmoke } from "../steps/plan.js";
import { specOf, type KubeContext } from "./context.js";
import { objectLabels } from "./labels.js";
import { ACTIVE_SERVICE, PREVIEW_SERVICE } from "./names.js";
import { colourServiceSpec } from "./services.js";

/**
 * No proxy on Kubernetes: the active Service does its job. A flip changes one selector (atomic in the
 * API server; endpoints converge within seconds) while both Deployments stay warm; TLS terminates at
 * the cluster's ingress with the verifier-tls Secret.
 */
export function kubeTrafficSwitch(ctx: KubeContext, slots: ApiSlot[]): Build<TrafficSwitchOutputs> {
  return (parent, name) => {
    const active = ctx.model.activeColour;
    const idle = active === "blue" ? "green" : "blue";
    const slot = slots.find((s) => s.colour === active);
    const idleSlot = slots.find((s) => s.colour === idle);
    if (!slot || !idleSlot)
      throw new Error(`expected a blue and a green api slot, received ${slots.map((s) => s.colour).join(", ")}`);
    const api = specOf(ctx, "api", active);
    const service = (suffix: string, serviceName: string, colour: Colour, dependsOn: pulumi.Resource[]) =>
      new k8s.core.v1.Service(
        `${name}-${suffix}`,
        {
          metadata: { name: serviceName, namespace: ctx.namespace, labels: objectLabels(ctx.model, "api") },
          spec: colourServiceSpec(ctx.model, api, colour),
        },
        { parent, dependsOn },
      );
    // Traffic reaches a colour only after its migrations ran.
    const activeService = service("active", ACTIVE_SERVICE, active, [slot.migrated]);
    const preview = service("preview", PREVIEW_SERVICE, idle, [idleSlot.migrated]);
    const smoke = step(
      `${name}-smoke`,
      { argv: kubeSmoke(ctx.target, ACTIVE_SERVICE), triggers: [slot.version, active] },
      { parent, dependsOn: [activeService] },
    );
    const port = api.ports.find((p) => p.name === "http")!.container;
    return {
      url: `http://${ACTIVE_SERVICE}.${ctx.target.namespace}.svc.cluster.local:${port}`,
      previewUrls: {},
      routes: [activeService, preview, smoke],
    };
  };
}
