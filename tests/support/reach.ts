import { METRICS_PORTS } from "../../infra/model/ports.js";
import type { EnvironmentModel, NetworkName, ServiceSpec } from "../../infra/model/types.js";
import { inspect, runOn } from "./docker.js";
import type { LiveEnvironment } from "./environment.js";

/** One listening place a container could offer: its address on one network, one port. */
export interface Endpoint {
  /** `service@network:port`, the form the assertions compare. */
  label: string;
  ip: string;
  port: number;
}

/** Every declared port of every service, at each of the container's addresses, by IP (never by name). */
export async function endpointsOf(e: LiveEnvironment): Promise<Endpoint[]> {
  const ports = [...new Set([...e.model.services.flatMap((s) => s.ports.map((p) => p.container)), ...METRICS_PORTS])];
  const endpoints: Endpoint[] = [];
  for (const service of e.model.services) {
    const attached = (await inspect(e.container(service.name))).NetworkSettings.Networks;
    for (const network of service.networks) {
      const ip = attached[e.network(network)]?.IPAddress;
      if (!ip) throw new Error(`${e.container(service.name)} has no address on ${e.network(network)}`);
      for (const port of ports) endpoints.push({ label: `${service.name}@${network}:${port}`, ip, port });
    }
  }
  return endpoints;
}

/**
 * What the design says answers from a container on `from`: a service's declared ports on its
 * networks that are `from`; a metrics port of a service on the metrics network there alone
 * (infra/model/metricsReach.ts), and nothing of a service not attached to `from`.
 */
export function expectedFrom(model: EnvironmentModel, from: NetworkName): string[] {
  const serves = (s: ServiceSpec, name: string): boolean =>
    name === "metrics" && s.networks.includes("metrics") ? from === "metrics" : true;
  return model.services
    .filter((s) => s.networks.includes(from))
    .flatMap((s) => s.ports.filter((p) => serves(s, p.name)).map((p) => `${s.name}@${from}:${p.container}`))
    .sort();
}

/** Endpoints a throwaway container attached only to `from` connects to (1.5 s per attempt, all at once). */
export async function openFrom(e: LiveEnvironment, from: NetworkName, endpoints: Endpoint[], image: string) {
  const script =
    `const net=require("net");const targets=JSON.parse(process.argv[1]);` +
    `Promise.all(targets.map(([label,ip,port])=>new Promise((done)=>{` +
    `const s=net.connect({host:ip,port,timeout:1500});const end=(ok)=>{s.destroy();done(ok?label:null)};` +
    `s.on("connect",()=>end(true));s.on("timeout",()=>end(false));s.on("error",()=>end(false))})))` +
    `.then((open)=>console.log(JSON.stringify(open.filter(Boolean))))`;
  const targets = JSON.stringify(endpoints.map((p) => [p.label, p.ip, p.port]));
  const out = await runOn(e.network(from), image, ["node", "-e", script, targets], 60_000);
  return (JSON.parse(out) as string[]).sort();
}
