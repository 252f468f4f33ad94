import type { Colour, ServiceRole } from "../../config/schema.js";
import type { EnvironmentModel } from "../../model/types.js";
import { INSTANCE_LABEL } from "./names.js";

export const COMPONENT = "app.kubernetes.io/component";
export const COLOUR = "verifier/colour";

/** Selector labels: immutable once a workload exists, so they carry identity only. */
export function selectorLabels(model: EnvironmentModel, role: ServiceRole, colour?: Colour): Record<string, string> {
  return {
    "app.kubernetes.io/name": "verifier",
    [INSTANCE_LABEL]: model.project,
    [COMPONENT]: role,
    ...(colour ? { [COLOUR]: colour } : {}),
  };
}

/** Object labels: the selector plus ownership and the tier the policy pack reads. */
export function objectLabels(model: EnvironmentModel, role?: ServiceRole, colour?: Colour): Record<string, string> {
  const base = { "app.kubernetes.io/name": "verifier", [INSTANCE_LABEL]: model.project };
  return {
    ...base,
    ...(role ? selectorLabels(model, role, colour) : {}),
    "app.kubernetes.io/managed-by": "pulumi",
    "verifier/tier": model.tier,
  };
}
