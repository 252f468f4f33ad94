/**
 * Metric names a PromQL expression reads. Small on purpose: the dashboard's queries use selectors,
 * range vectors, aggregations with by/without, functions and numbers; nothing else is needed.
 */
const FUNCTIONS = new Set([
  "abs",
  "absent",
  "avg_over_time",
  "ceil",
  "clamp_max",
  "clamp_min",
  "count_over_time",
  "delta",
  "deriv",
  "floor",
  "histogram_quantile",
  "increase",
  "irate",
  "label_replace",
  "max_over_time",
  "min_over_time",
  "predict_linear",
  "rate",
  "resets",
  "round",
  "scalar",
  "sort",
  "sort_desc",
  "sum_over_time",
  "time",
  "timestamp",
  "vector",
]);
const AGGREGATIONS = new Set([
  "sum",
  "avg",
  "min",
  "max",
  "count",
  "topk",
  "bottomk",
  "quantile",
  "stddev",
  "stdvar",
  "group",
]);
const KEYWORDS = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "bool",
  "and",
  "or",
  "unless",
  "offset",
  "inf",
  "nan",
]);

export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/(?<![a-zA-Z0-9_:])\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = (stripped.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []).filter(
    (word) => !FUNCTIONS.has(word) && !AGGREGATIONS.has(word) && !KEYWORDS.has(word.toLowerCase()) && !/^\d/.test(word),
  );
  return [...new Set(names)].sort();
}

interface Dashboard {
  panels: { title: string; targets?: { expr: string }[] }[];
}

/** Every query of a Grafana dashboard with the metric names it reads. */
export function dashboardQueries(dashboard: Dashboard): { panel: string; expr: string; metrics: string[] }[] {
  return dashboard.panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr, metrics: metricNames(t.expr) })),
  );
}
