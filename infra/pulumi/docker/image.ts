import * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import { requireDigestOnProd } from "../imageRefs.js";
import type { DockerContext } from "./context.js";

/** An image as a container input, and the value whose change must re-run steps that depend on it. */
export interface DockerImageRef {
  image: pulumi.Input<string>;
  trigger: pulumi.Input<string>;
}

/**
 * Registry images are pulled by a RemoteImage (by digest on prod) and kept locally on delete, so
 * replacing one colour's image never removes the image the other colour still runs. Built images are
 * already on the host under a content-addressed tag: nothing to pull.
 */
export function dockerImage(
  parent: pulumi.ComponentResource,
  name: string,
  ref: string,
  ctx: DockerContext,
): DockerImageRef {
  if (ctx.model.config.images.source === "build") return { image: ref, trigger: ref };
  requireDigestOnProd(ctx.model, ref, parent);
  const remote = new docker.RemoteImage(name, { name: ref, keepLocally: true }, { parent });
  return { image: remote.imageId, trigger: remote.imageId };
}
