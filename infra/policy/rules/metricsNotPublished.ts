import { METRICS_PORTS } from "../../model/ports.js";
import { DOCKER_CONTAINER, K8S_SERVICE, containersOf, isWorkload, label, podSpecOf } from "../read.js";
import type { ResourceRule, Subject } from "../types.js";

const EXPOSING = ["NodePort", "LoadBalancer"];
const isMetrics = (port: unknown, name?: unknown): boolean =>
  METRICS_PORTS.includes(Number(port)) || name === "metrics";

/** Metrics ports are for Prometheus on a private path: never published on a host or outside a cluster. */
export const metricsNotPublished: ResourceRule = {
  name: "metrics-port-not-published",
  description:
    "No metrics port is published on the Docker host, exposed by a NodePort/LoadBalancer Service, or bound to a hostPort.",
  check(s: Subject): string[] {
    if (s.type === DOCKER_CONTAINER) {
      const all =
        s.props.publishAllPorts === true ? [`${label(s)}: publishAllPorts would publish the metrics port`] : [];
      const ports = (s.props.ports ?? [])
        .filter((p: Record<string, unknown>) => isMetrics(p.internal))
        .map((p: Record<string, unknown>) => `${label(s)}: metrics port ${String(p.internal)} is published`);
      return [...all, ...ports];
    }
    if (s.type === K8S_SERVICE) {
      if (!EXPOSING.includes(s.props.spec?.type)) return [];
      return (s.props.spec?.ports ?? [])
        .filter((p: Record<string, unknown>) => isMetrics(p.port, p.name) || isMetrics(p.targetPort, p.targetPort))
        .map(
          (p: Record<string, unknown>) =>
            `${label(s)}: ${String(s.props.spec.type)} Service exposes metrics port ${String(p.port)}`,
        );
    }
    if (!isWorkload(s)) return [];
    return containersOf(podSpecOf(s)).flatMap((c) =>
      (c.ports ?? [])
        .filter((p: Record<string, unknown>) => p.hostPort !== undefined && isMetrics(p.containerPort, p.name))
        .map(
          (p: Record<string, unknown>) =>
            `${label(s)}/${c.name}: metrics port ${String(p.containerPort)} bound to hostPort`,
        ),
    );
  },
};
