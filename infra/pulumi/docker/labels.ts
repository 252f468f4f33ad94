import type * as docker from "@pulumi/docker";
import type { EnvironmentModel, ServiceSpec } from "../../model/types.js";

/**
 * Labels on every container: who owns it and what it is. The policy pack reads the tier from
 * `verifier.tier` (prod rules), and operators filter with `docker ps --filter label=...`.
 */
export function containerLabels(model: EnvironmentModel, spec: ServiceSpec): docker.types.input.ContainerLabel[] {
  return [
    { label: "verifier.project", value: model.project },
    { label: "verifier.stack", value: model.stack },
    { label: "verifier.tier", value: model.tier },
    { label: "verifier.service", value: spec.name },
    { label: "verifier.role", value: spec.role },
    ...(spec.colour ? [{ label: "verifier.colour", value: spec.colour }] : []),
  ];
}
