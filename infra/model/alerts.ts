import { stringify } from "yaml";
import type { StackConfig } from "../config/schema.js";
import { rule, type AlertRule } from "./alertRule.js";
import { backupRules, walRules } from "./backupAlerts.js";

/** Share of requests answered 5xx above which ApiHighErrorRate fires. */
export const ERROR_RATIO_THRESHOLD = 0.05;
/** p99 request latency, seconds, above which ApiHighLatency fires. */
export const P99_LATENCY_THRESHOLD_SECONDS = 1;
/**
 * p99 of an api process's event-loop delay, seconds (prom-client's nodejs_eventloop_lag_p99_seconds,
 * per scrape interval), above which ApiEventLoopBlocked fires: work on the loop makes every other request
 * of that process wait.
 */
export const EVENT_LOOP_P99_THRESHOLD_SECONDS = 0.1;
/** Busy-worker ratio of a sandbox pool at or above which SandboxSaturated fires. */
export const SANDBOX_BUSY_RATIO_THRESHOLD = 0.9;

function apiRules(): AlertRule[] {
  return [
    rule("ApiDown", `up{job="api"} == 0`, "1m", "page", "api target {{ $labels.instance }} is down"),
    rule(
      "ApiHighErrorRate",
      `sum(rate(http_requests_total{status=~"5.."}[5m])) / clamp_min(sum(rate(http_requests_total[5m])), 1e-9) > ${ERROR_RATIO_THRESHOLD}`,
      "5m",
      "page",
      `more than ${ERROR_RATIO_THRESHOLD * 100}% of api requests fail`,
    ),
    rule(
      "ApiHighLatency",
      `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > ${P99_LATENCY_THRESHOLD_SECONDS}`,
      "10m",
      "ticket",
      `api p99 latency above ${P99_LATENCY_THRESHOLD_SECONDS} s`,
    ),
    rule(
      "ApiEventLoopBlocked",
      `max by (instance) (nodejs_eventloop_lag_p99_seconds{job="api"}) > ${EVENT_LOOP_P99_THRESHOLD_SECONDS}`,
      "5m",
      "ticket",
      `api {{ $labels.instance }}: event-loop delay p99 above ${EVENT_LOOP_P99_THRESHOLD_SECONDS * 1000} ms, so its requests wait behind other work`,
    ),
  ];
}

function sandboxRules(cfg: StackConfig): AlertRule[] {
  if (!cfg.sandbox.enabled) return [];
  return [
    rule(
      "SandboxSaturated",
      `max by (language) (sandbox_pool_busy_ratio) >= ${SANDBOX_BUSY_RATIO_THRESHOLD}`,
      "5m",
      "ticket",
      "sandbox {{ $labels.language }} pool is saturated: jobs queue or are refused",
    ),
  ];
}

/** Every rule the stack gets; thresholds from the stack config (RPO, archive timeout). */
export function alertRuleList(cfg: StackConfig): AlertRule[] {
  return [...apiRules(), ...backupRules(cfg), ...walRules(cfg), ...sandboxRules(cfg)];
}

/**
 * Alert rules as code, rendered to a Prometheus rules file. Each rule is proven by
 * `promtool test rules` (tests/unit/alerts-promtool.test.ts with monitoring/promtool/).
 */
export function alertRules(cfg: StackConfig): string {
  return stringify({ groups: [{ name: "verifier", rules: alertRuleList(cfg) }] }, { lineWidth: 0 });
}
