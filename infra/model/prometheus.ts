import type { StackConfig } from "../config/schema.js";
import { SANDBOX_RELAY } from "./metricsReach.js";
import { PORTS } from "./ports.js";

/**
 * Scrape targets on the metrics network: every api replica of both colours, the backup job, and the
 * sandbox through the api replicas' relay (the sandbox is not on the metrics network).
 */
export function prometheusConfig(cfg: StackConfig): string {
  const api = (["blue", "green"] as const).flatMap((c) =>
    Array.from({ length: cfg.apiReplicas }, (_, i) => `api-${c}-${i + 1}:${PORTS.apiMetrics}`),
  );
  const jobs = [
    job("api", api),
    job("backup", [`backup:${PORTS.backupMetrics}`]),
    ...(cfg.sandbox.enabled
      ? [job("sandbox", [`${SANDBOX_RELAY.alias}:${SANDBOX_RELAY.port}`], SANDBOX_RELAY.path)]
      : []),
    job("prometheus", [`127.0.0.1:${PORTS.prometheus}`]),
  ];
  return `global:
  scrape_interval: ${cfg.metrics.scrapeIntervalSeconds}s
  evaluation_interval: ${cfg.metrics.scrapeIntervalSeconds}s
  external_labels:
    tier: ${cfg.tier}
rule_files:
  - /etc/prometheus/alerts.yml
scrape_configs:
${jobs.join("")}`;
}

function job(name: string, targets: string[], metricsPath?: string): string {
  return `  - job_name: ${name}
${metricsPath ? `    metrics_path: ${metricsPath}\n` : ""}    static_configs:
      - targets: [${targets.map((t) => JSON.stringify(t)).join(", ")}]
`;
}
