import { test } from "vitest";
import assert from "node:assert/strict";
import { metricNames } from "../../monitoring/grafana/promql-names.js";
import { exportedNames } from "../../monitoring/exposition.js";

test("metric names of a PromQL expression: not functions, aggregations, labels, durations or numbers", () => {
  const expr =
    'sum(rate(http_requests_total{status=~"5.."}[5m])) / clamp_min(sum by (route, le) (rate(http_requests_total[5m])), 1e-9) > 0.05';
  assert.deepEqual(metricNames(expr), ["http_requests_total"]);
  assert.deepEqual(metricNames("time() - backup_last_verified_timestamp_seconds"), [
    "backup_last_verified_timestamp_seconds",
  ]);
  assert.deepEqual(
    metricNames("histogram_quantile(0.99, sum by (le) (rate(a_bucket[5m]))) + on (job) group_left b_total"),
    ["a_bucket", "b_total"],
  );
});

test("exported names: samples, plus the series a TYPE line declares before its first observation", () => {
  const text = [
    "# HELP jobs_total Jobs.",
    "# TYPE jobs_total counter",
    "# TYPE job_seconds histogram",
    "# TYPE busy_ratio gauge",
    'busy_ratio{language="python"} 0.5',
    "process_resident_memory_bytes 1234",
  ].join("\n");
  assert.deepEqual([...exportedNames(text)].sort(), [
    "busy_ratio",
    "job_seconds_bucket",
    "job_seconds_count",
    "job_seconds_sum",
    "jobs_total",
    "process_resident_memory_bytes",
  ]);
});
