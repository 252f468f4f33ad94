import type { IServiceSpec } from "kubernetes-models/v1/ServiceSpec";
import type { Colour } from "../../config/schema.js";
import type { EnvironmentModel, ServiceSpec } from "../../model/types.js";
import { METRICS_PORTS } from "../../model/ports.js";
import { selectorLabels } from "./labels.js";

/** A ClusterIP Service for a model service, without its metrics ports (those have their own Service). */
export function serviceSpec(
  model: EnvironmentModel,
  spec: ServiceSpec,
  options: { headless?: boolean } = {},
): IServiceSpec {
  return {
    ...(options.headless ? { clusterIP: "None" } : {}),
    selector: selectorLabels(model, spec.role),
    ports: spec.ports
      .filter((p) => !METRICS_PORTS.includes(p.container))
      .map((p) => ({ name: p.name, port: p.container, targetPort: p.name, protocol: "TCP" })),
  };
}

/** The traffic switch: `api` selects the active colour, `api-preview` the idle one (for smoke tests). */
export function colourServiceSpec(model: EnvironmentModel, api: ServiceSpec, colour: Colour): IServiceSpec {
  const http = api.ports.find((p) => p.name === "http");
  if (!http) throw new Error(`services.${api.name}: no port named http`);
  return {
    selector: selectorLabels(model, "api", colour),
    ports: [{ name: "http", port: http.container, targetPort: "http", protocol: "TCP" }],
  };
}

/** Headless discovery of a role's metrics ports for the cluster's Prometheus; reachable only as the NetworkPolicy allows. */
export function metricsServiceSpec(
  model: EnvironmentModel,
  spec: ServiceSpec,
  selector: Record<string, string> = selectorLabels(model, spec.role),
): IServiceSpec {
  const ports = spec.ports.filter((p) => METRICS_PORTS.includes(p.container));
  return {
    clusterIP: "None",
    selector,
    ports: ports.map((p) => ({ name: p.name, port: p.container, targetPort: p.name, protocol: "TCP" })),
  };
}

/** An existing database under the name the api already uses (DATABASE_HOST=postgres). */
export function externalDatabaseSpec(host: string): IServiceSpec {
  return { type: "ExternalName", externalName: host };
}
