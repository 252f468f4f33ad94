import { stringify } from "yaml";
import type { EnvironmentModel } from "../../model/types.js";

/** Name of the headless Service through which the cluster's Prometheus discovers a role's metrics port. */
export const metricsServiceName = (role: string): string => `${role}-metrics`;

/** Roles whose metrics the cluster's Prometheus scrapes; the backup's are its observer's (backupObserver.ts). */
export const scrapedRoles = (model: EnvironmentModel) =>
  ["api", ...(model.config.sandbox.enabled ? (["sandbox"] as const) : []), "backup"] as const;

/**
 * Scrape jobs for the cluster's Prometheus: the model's api, sandbox and backup jobs, discovered through
 * their metrics Services instead of the Docker host's static names.
 */
export function kubernetesScrapeConfig(model: EnvironmentModel, namespace: string): string {
  const roles = scrapedRoles(model);
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
