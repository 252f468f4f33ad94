/** One Prometheus alerting rule, as plain data. */
export interface AlertRule {
  alert: string;
  expr: string;
  /** Prometheus duration the condition must hold before firing, e.g. "5m". */
  for: string;
  labels: { severity: "page" | "ticket" };
  annotations: { summary: string };
}

/** A rule from its parts, in the order Prometheus's file reads them. */
export const rule = (
  alert: string,
  expr: string,
  forDuration: string,
  severity: "page" | "ticket",
  summary: string,
): AlertRule => ({
  alert,
  expr,
  for: forDuration,
  labels: { severity },
  annotations: { summary },
});
