/** Kubernetes label selector matching, for the NetworkPolicy checks. */
interface Requirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Requirement[];
}

/** An empty selector matches every pod, as in the API server. */
export function matches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return byLabel && (selector?.matchExpressions ?? []).every((r) => requirementHolds(r, labels));
}

function requirementHolds(r: Requirement, labels: Record<string, string>): boolean {
  const present = r.key in labels;
  if (r.operator === "Exists") return present;
  if (r.operator === "DoesNotExist") return !present;
  const within = present && (r.values ?? []).includes(labels[r.key]!);
  return r.operator === "In" ? within : !within;
}
