import * as pulumi from "@pulumi/pulumi";
import { isDigestRef } from "../config/schema.js";
import { apiImageFor, type ResolvedImages } from "../model/build.js";
import type { EnvironmentModel, ServiceSpec } from "../model/types.js";

/** The image reference a service runs: its colour's declared release for the api, else its role's image. */
export function imageRefOf(model: EnvironmentModel, images: ResolvedImages, spec: ServiceSpec): string {
  const ref = spec.role === "api" && spec.colour ? apiImageFor(model.config, spec.colour, images) : images[spec.image];
  if (!ref) throw new Error(`service ${spec.name}: no image resolved for role "${spec.image}"`);
  return ref;
}

/**
 * Prod runs only what was reviewed: a digest pins the bytes, a tag can move. The schema refuses tags
 * on prod already; this guard keeps a program change from bypassing it.
 */
export function requireDigestOnProd(model: EnvironmentModel, ref: string, resource: pulumi.Resource): void {
  if (model.tier === "prod" && !isDigestRef(ref)) {
    throw new pulumi.ResourceError(
      `prod image "${ref}" is not pinned by digest; allowed: name@sha256:<64 hex>. Set the digest in Pulumi.${model.stack}.yaml (images / releases).`,
      resource,
    );
  }
}
