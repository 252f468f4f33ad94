import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ServiceRole, StackConfig } from "../../config/schema.js";
import type { ResolvedImages } from "../../model/build.js";
import type { EnvironmentModel, ServiceSpec } from "../../model/types.js";
import { requireDigestOnProd, imageRefOf } from "../imageRefs.js";
import type { KubeTarget } from "../steps/plan.js";
import { objectLabels } from "./labels.js";

/** What every Kubernetes builder shares. */
export interface KubeContext {
  model: EnvironmentModel;
  images: ResolvedImages;
  /** The namespace's name as an output, so every object waits for the namespace. */
  namespace: pulumi.Output<string>;
  target: KubeTarget;
  /** Opaque Secret with one key per model secret. */
  secretName: string;
  /** Claims of model volumes (backups). */
  claims: Record<string, string>;
}

export const SECRET_NAME = "verifier-secrets";
export const TLS_SECRET_NAME = "verifier-tls";

export function specOf(ctx: KubeContext, role: ServiceRole, colour?: string): ServiceSpec {
  const spec = ctx.model.services.find((s) => s.role === role && (colour === undefined || s.colour === colour));
  if (!spec)
    throw new Error(`the model of ${ctx.model.stack} has no ${role} service${colour ? ` of colour ${colour}` : ""}`);
  return spec;
}

/** The stack's kubernetes block: present on this target (renderKubernetes refuses a stack without it). */
export function kubeConfigOf(ctx: Pick<KubeContext, "model">): NonNullable<StackConfig["kubernetes"]> {
  const cfg = ctx.model.config.kubernetes;
  if (!cfg) throw new Error(`Pulumi.${ctx.model.stack}.yaml: the kubernetes target needs a kubernetes block`);
  return cfg;
}

/** A claim of the stack: its size (kubernetes.claims) and storage class, when one is set. */
export function claimOf(ctx: Pick<KubeContext, "model">, name: "pgdata" | "backups") {
  const cfg = kubeConfigOf(ctx);
  return { size: cfg.claims[name], storageClass: cfg.storageClass };
}

export function metadata(ctx: KubeContext, name: string, spec?: ServiceSpec): k8s.types.input.meta.v1.ObjectMeta {
  return { name, namespace: ctx.namespace, labels: objectLabels(ctx.model, spec?.role, spec?.colour) };
}

/** The image of a service; the cluster pulls it, so prod refuses anything but a digest. */
export function imageOf(ctx: KubeContext, spec: ServiceSpec, parent: pulumi.Resource): string {
  const ref = imageRefOf(ctx.model, ctx.images, spec);
  requireDigestOnProd(ctx.model, ref, parent);
  return ref;
}
