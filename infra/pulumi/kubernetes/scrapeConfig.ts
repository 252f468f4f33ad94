import { stringify } from "yaml";
import type { EnvironmentModel } from "../../model/types.js";

/** Name of the headless Service through which the cluster's Prometheus discovers a role's metrics port. */
export const metricsServiceName = (role: string): string => `${role}-metrics`;

/**
 * Scrape jobs for the cluster's Prometheus: the model's api and sandbox jobs, discovered through their
 * metrics Services instead of the Docker host's static names. The backup runs as a short-lived Job on
 * Kubernetes and is not scraped.
 */
export function kubernetesScrapeConfig(model: EnvironmentModel, namespace: string): string {
  const roles = ["api", ...(model.config.sandbox.enabled ? ["sandbox"] : [])];
  return stringify({
    scrape_configs: roles.map((role) => ({
      job_name: role,
      scrape_interval: `${model.config.metrics.scrapeIntervalSeconds}s`,
      kubernetes_sd_configs: [{ role: "endpoints", namespaces: { names: [namespace] } }],
      relabel_configs: [
        { source_labels: ["__meta_kubernetes_service_name"], regex: metricsServiceName(role), action: "keep" },
        { target_label: "tier", replacement: model.tier },
      ],
    })),
  });
}
