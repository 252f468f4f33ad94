import type { Colour } from "../config/schema.js";

/** Container ports, one table so renderers, configs and policies agree. */
export const PORTS = {
  apiHttp: 8080,
  apiMetrics: 9464,
  sandboxHttp: 8090,
  sandboxMetrics: 9465,
  backupMetrics: 9466,
  proxyHttps: 8443,
  proxyStats: 8404,
  /** The proxy's per-colour preview listeners (HTTPS), present when the stack sets previewPorts. */
  proxyPreviewBlue: 8444,
  proxyPreviewGreen: 8445,
  /** HAProxy runtime API, bound to 127.0.0.1 inside the proxy container. */
  proxyAdmin: 9999,
  postgres: 5432,
  redis: 6379,
  prometheus: 9090,
} as const;

/** Ports that carry metrics: never published, never routed by the proxy. */
export const METRICS_PORTS: readonly number[] = [PORTS.apiMetrics, PORTS.sandboxMetrics, PORTS.backupMetrics];

/** The proxy's preview listener of a colour: its port's name in the model and its container port. */
export const previewListener = (colour: Colour): { name: string; container: number } => ({
  name: `preview-${colour}`,
  container: colour === "blue" ? PORTS.proxyPreviewBlue : PORTS.proxyPreviewGreen,
});
