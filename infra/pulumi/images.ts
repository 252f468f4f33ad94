import { SERVICE_ROLES, type ServiceRole, type StackConfig } from "../config/schema.js";
import type { ResolvedImages } from "../model/build.js";
import { ImageResolutionError } from "./errors.js";

/** Environment variable carrying the locally built tag of a role, set by the image builder. */
export const imageEnvName = (role: ServiceRole): string => `VERIFIER_IMAGE_${role.toUpperCase()}`;

/** Roles this stack runs: the sandbox only when enabled. */
export function neededRoles(cfg: StackConfig): ServiceRole[] {
  return SERVICE_ROLES.filter((role) => role !== "sandbox" || cfg.sandbox.enabled);
}

/**
 * Image reference per role: from the stack file for "registry" (the schema already demands each one),
 * from VERIFIER_IMAGE_<ROLE> for "build". Every missing variable is reported at once.
 */
export function resolveImages(
  stack: string,
  cfg: StackConfig,
  env: Record<string, string | undefined>,
): ResolvedImages {
  const roles = neededRoles(cfg);
  const lookup = (role: ServiceRole) => (cfg.images.source === "registry" ? cfg.images[role] : env[imageEnvName(role)]);
  const missing = roles.filter((role) => !lookup(role));
  if (missing.length > 0) {
    const where = cfg.images.source === "registry" ? (r: ServiceRole) => `images.${r}` : imageEnvName;
    throw new ImageResolutionError(stack, missing.map(where));
  }
  // A disabled sandbox has no entry: no service asks for it, so the partial record is complete for this model.
  return Object.fromEntries(roles.map((role) => [role, lookup(role)])) as ResolvedImages;
}
