import type { StackConfig } from "../../config/schema.js";
import { hardened, healthcheck, httpProbe } from "../hardening.js";
import { PORTS } from "../ports.js";
import { prometheusConfig } from "../prometheus.js";
import { alertRules } from "../alerts.js";
import type { ServiceSpec } from "../types.js";

/** Prometheus lives on the metrics network only: reachable by nothing on edge or backend. */
export function prometheusService(cfg: StackConfig): ServiceSpec {
  return {
    ...hardened("prometheus", cfg),
    name: "prometheus",
    command: [
      "prometheus",
      "--config.file=/etc/prometheus/prometheus.yml",
      "--storage.tsdb.path=/prometheus",
      `--storage.tsdb.retention.time=${cfg.metrics.retentionDays}d`,
      `--web.listen-address=:${PORTS.prometheus}`,
    ],
    networks: ["metrics"],
    env: {},
    ports: [{ name: "http", container: PORTS.prometheus }],
    mounts: [{ volume: "prometheus-data", target: "/prometheus", readOnly: false }],
    configFiles: [
      { name: "prometheus.yml", target: "/etc/prometheus/prometheus.yml", content: prometheusConfig(cfg) },
      { name: "alerts.yml", target: "/etc/prometheus/alerts.yml", content: alertRules(cfg) },
    ],
    healthcheck: healthcheck(httpProbe(PORTS.prometheus, "/-/ready"), 15),
  };
}
