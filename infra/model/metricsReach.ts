import { PORTS } from "./ports.js";
import type { NetworkName, ServiceSpec } from "./types.js";

/**
 * Metrics reach on Docker. A container on several networks answers on each of them at its own
 * address there, so a listener bound to every interface would serve /metrics to the edge and backend
 * networks too. Each metrics listener therefore binds one name (METRICS_HOST): an alias the
 * container has on the metrics network alone, which resolves, inside the container, to its address
 * on that network and nowhere else. Kubernetes gives a pod one address; its NetworkPolicy admits
 * only the Prometheus namespace to the metrics port instead (pulumi/kubernetes/networkPolicies.ts).
 */
export const metricsAlias = (service: string): string => `metrics-${service}`;

/**
 * The sandbox sits on its own network with the api and nothing else, so Prometheus cannot reach it:
 * each api replica relays the sandbox's /metrics at this path of its own metrics listener, and
 * every replica of both colours answers to one alias on the metrics network, so Prometheus scrapes
 * one target (whichever replica answers) and keeps one series per sandbox metric.
 */
export const SANDBOX_RELAY = {
  alias: "sandbox-metrics-relay",
  path: "/metrics/sandbox",
  port: PORTS.apiMetrics,
} as const;

/** The sandbox's own metrics as the api fetches them over the sandbox network. */
export const SANDBOX_METRICS_URL = `http://sandbox:${PORTS.sandboxMetrics}/metrics`;

/** Every DNS name a container has on `network`: its name, its aliases, and its metrics-only aliases there. */
export function aliasesOn(spec: ServiceSpec, network: NetworkName): string[] {
  return [spec.name, ...spec.aliases, ...(network === "metrics" ? spec.metricsAliases : [])];
}
