import * as k8s from "@pulumi/kubernetes";
import type { Build } from "../components/build.js";
import { specOf, type KubeContext } from "./context.js";
import { objectLabels } from "./labels.js";
import { kubernetesScrapeConfig, metricsServiceName } from "./scrapeConfig.js";
import { metricsServiceSpec } from "./services.js";

/**
 * The cluster's Prometheus scrapes the api and sandbox through headless metrics Services; its scrape
 * jobs and the model's alert rules are handed over as a ConfigMap in its namespace (label
 * `verifier/prometheus-config`), for its config reloader or operator to load.
 */
export function kubeMetrics(ctx: KubeContext): Build<{ scrapeConfig: string }> {
  return (parent, name) => {
    const roles = ["api", ...(ctx.model.config.sandbox.enabled ? (["sandbox"] as const) : [])] as const;
    for (const role of roles) {
      const spec = specOf(ctx, role);
      new k8s.core.v1.Service(
        `${name}-${role}`,
        {
          metadata: { name: metricsServiceName(role), namespace: ctx.namespace, labels: objectLabels(ctx.model, role) },
          spec: metricsServiceSpec(ctx.model, spec),
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
