import * as k8s from "@pulumi/kubernetes";
import type { Build } from "../components/build.js";
import { specOf, type KubeContext } from "./context.js";
import { objectLabels } from "./labels.js";
import { observerLabels } from "./backupObserver.js";
import { kubernetesScrapeConfig, metricsServiceName, scrapedRoles } from "./scrapeConfig.js";
import { metricsServiceSpec } from "./services.js";

/**
 * The cluster's Prometheus scrapes the api, the sandbox and the backup observer through headless metrics Services; its scrape
 * jobs and the model's alert rules are handed over as a ConfigMap in its namespace (label
 * `verifier/prometheus-config`), for its config reloader or operator to load.
 */
export function kubeMetrics(ctx: KubeContext): Build<{ scrapeConfig: string }> {
  return (parent, name) => {
    for (const role of scrapedRoles(ctx.model)) {
      const spec = specOf(ctx, role);
      const selector = role === "backup" ? observerLabels(ctx.model) : undefined;
      new k8s.core.v1.Service(
        `${name}-${role}`,
        {
          metadata: { name: metricsServiceName(role), namespace: ctx.namespace, labels: objectLabels(ctx.model, role) },
          spec: metricsServiceSpec(ctx.model, spec, selector),
        },
        { parent },
      );
    }
    const rules = specOf(ctx, "prometheus").configFiles.find((f) => f.name === "alerts.yml");
    if (!rules) throw new Error("the prometheus service of the model carries no alerts.yml");
    const scrapeConfig = kubernetesScrapeConfig(ctx.model, ctx.target.namespace);
    const prometheusNamespace = ctx.model.config.kubernetes?.prometheusNamespace ?? "monitoring";
    new k8s.core.v1.ConfigMap(
      `${name}-config`,
      {
        metadata: {
          name: `${ctx.model.project}-prometheus`,
          namespace: prometheusNamespace,
          labels: { ...objectLabels(ctx.model), "verifier/prometheus-config": "true" },
        },
        data: { "verifier-scrape.yml": scrapeConfig, "verifier-alerts.yml": rules.content },
      },
      { parent },
    );
    return { scrapeConfig };
  };
}
