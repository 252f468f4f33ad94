import { isDigestRef } from "../../config/schema.js";
import {
  DOCKER_CONTAINER,
  DOCKER_REMOTE_IMAGE,
  containersOf,
  isRunningContainer,
  isWorkload,
  podSpecOf,
  stackTier,
} from "../read.js";
import type { StackRule, Subject, Violation } from "../types.js";

/** A Docker container may name its image by the id a RemoteImage resolved (sha256:...). */
const IMAGE_ID = /^sha256:[a-f0-9]{64}$/;

/** Prod runs reviewed bytes only: every image reference is pinned by digest. */
export const prodImagesByDigest: StackRule = {
  name: "prod-images-by-digest",
  description: "On prod, every image is referenced by digest (name@sha256:...), never by a tag.",
  check(resources: Subject[]): Violation[] {
    if (stackTier(resources) !== "prod") return [];
    return resources.flatMap((s) =>
      imagesOf(s)
        .filter((ref) => ref !== undefined && !isDigestRef(ref) && !IMAGE_ID.test(ref))
        .map((ref) => ({
          message: `${s.name ?? s.type}: image "${ref}" is not pinned by digest (prod requires name@sha256:<64 hex>)`,
          ...(s.urn ? { urn: s.urn } : {}),
        })),
    );
  },
};

/**
 * Image references a resource declares; unknown at preview (a RemoteImage id) reads as undefined. A
 * never-started file carrier runs no bytes: its image is the empty one imported on the host itself.
 */
function imagesOf(s: Subject): (string | undefined)[] {
  if (s.type === DOCKER_REMOTE_IMAGE) return [s.props.name];
  if (s.type === DOCKER_CONTAINER) return isRunningContainer(s) ? [s.props.image] : [];
  if (isWorkload(s)) return containersOf(podSpecOf(s)).map((c) => c.image);
  return [];
}
