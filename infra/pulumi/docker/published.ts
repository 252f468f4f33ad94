import type { Colour } from "../../config/schema.js";
import { previewListener } from "../../model/ports.js";
import type { EnvironmentModel, ServiceSpec } from "../../model/types.js";
import type { ContainerRef } from "../outputs.js";
import { containerName } from "./containerArgs.js";

const proxyOf = (model: EnvironmentModel): ServiceSpec => {
  const proxy = model.services.find((s) => s.role === "proxy");
  if (!proxy) throw new Error(`the model of ${model.stack} has no proxy service`);
  return proxy;
};

/** Where a published port of the proxy is reached from this host (HTTPS on every listener). */
function urlOf(proxy: ServiceSpec, portName: string): string | undefined {
  const published = proxy.ports.find((p) => p.name === portName)?.published;
  return published && `https://${published.address}:${published.port}`;
}

/** The proxy's main listener, where clients come in. */
export function proxyUrl(model: EnvironmentModel): string {
  const url = urlOf(proxyOf(model), "https");
  if (!url) throw new Error(`the proxy of ${model.stack} publishes no https port`);
  return url;
}

/** Each colour's preview listener, when the stack sets previewPorts (else none). */
export function previewUrls(model: EnvironmentModel): Partial<Record<Colour, string>> {
  const proxy = proxyOf(model);
  const entries = (["blue", "green"] as const).flatMap((colour) => {
    const url = urlOf(proxy, previewListener(colour).name);
    return url ? [[colour, url] as const] : [];
  });
  return Object.fromEntries(entries);
}

/** Every container of the stack by model service, so runbooks read their health from the engine. */
export function containerRefs(model: EnvironmentModel): ContainerRef[] {
  return model.services.map((s) => ({
    service: s.name,
    container: containerName(model, s),
    ...(s.colour ? { colour: s.colour } : {}),
  }));
}
