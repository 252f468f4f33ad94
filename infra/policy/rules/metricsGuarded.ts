import { METRICS_PORTS } from "../../model/ports.js";
import { K8S_NETWORK_POLICY, containersOf, isWorkload, podLabelsOf, podSpecOf } from "../read.js";
import { matches } from "../selectors.js";
import type { StackRule, Subject, Violation } from "../types.js";

type Props = Record<string, any>;

/**
 * On Kubernetes a metrics port is private when its namespace denies ingress by default and every
 * rule admitting that port admits only namespaces (the Prometheus namespace), not pods, IP blocks or everyone.
 */
export const metricsGuarded: StackRule = {
  name: "metrics-port-guarded",
  description:
    "Kubernetes pods with a metrics port sit behind a default-deny NetworkPolicy, and only namespace-selected peers may reach that port.",
  check(resources: Subject[]): Violation[] {
    const policies = resources.filter((s) => s.type === K8S_NETWORK_POLICY);
    return resources.filter(isWorkload).flatMap((w) => (metricsPorts(w).length === 0 ? [] : problems(w, policies)));
  },
};

function metricsPorts(w: Subject): Props[] {
  return containersOf(podSpecOf(w)).flatMap((c) =>
    (c.ports ?? []).filter((p: Props) => METRICS_PORTS.includes(p.containerPort) || p.name === "metrics"),
  );
}

function problems(w: Subject, policies: Subject[]): Violation[] {
  const where = { ...(w.urn ? { urn: w.urn } : {}) };
  const namespace = w.props.metadata?.namespace;
  const local = policies.filter((p) => p.props.metadata?.namespace === namespace);
  const out: Violation[] = [];
  if (!local.some(isDefaultDeny))
    out.push({
      message: `${w.name ?? w.type}: namespace ${namespace} has no default-deny ingress NetworkPolicy`,
      ...where,
    });
  const selecting = local.filter((p) => matches(p.props.spec?.podSelector, podLabelsOf(w)));
  for (const port of metricsPorts(w)) {
    const open = selecting.flatMap((p) =>
      (p.props.spec?.ingress ?? []).filter((rule: Props) => admits(rule, port) && !onlyNamespaces(rule)),
    );
    if (open.length > 0)
      out.push({
        message: `${w.name ?? w.type}: metrics port ${port.containerPort} is admitted from peers other than a namespace selector`,
        ...where,
      });
  }
  return out;
}

function isDefaultDeny(p: Subject): boolean {
  const spec = p.props.spec ?? {};
  const selectsAll =
    Object.keys(spec.podSelector?.matchLabels ?? {}).length === 0 &&
    (spec.podSelector?.matchExpressions ?? []).length === 0;
  return selectsAll && (spec.policyTypes ?? []).includes("Ingress") && (spec.ingress ?? []).length === 0;
}

/** A rule without ports admits every port; otherwise by number or by name. */
function admits(rule: Props, port: Props): boolean {
  const ports: Props[] = rule.ports ?? [];
  return (
    ports.length === 0 ||
    ports.some((p) => p.port === port.containerPort || (port.name !== undefined && p.port === port.name))
  );
}

/** Every peer names namespaces; an empty namespaceSelector would name them all. */
function onlyNamespaces(rule: Props): boolean {
  const from: Props[] = rule.from ?? [];
  const names = (sel: Props | undefined) =>
    Object.keys(sel?.matchLabels ?? {}).length + (sel?.matchExpressions ?? []).length > 0;
  return (
    from.length > 0 &&
    from.every((peer) => names(peer.namespaceSelector) && peer.podSelector === undefined && peer.ipBlock === undefined)
  );
}
