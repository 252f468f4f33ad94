import type { StackConfig } from "../../config/schema.js";
import { hardened, healthcheck, httpProbe, runDir } from "../hardening.js";
import { haproxyConfig } from "../haproxy.js";
import { PORTS, previewListener } from "../ports.js";
import type { PortSpec, ServiceSpec } from "../types.js";

/**
 * Where preview listeners are published, whatever publishAddress says: they serve a colour before it is
 * proven (the idle one), so only this host may reach them.
 */
export const PREVIEW_ADDRESS = "127.0.0.1";

/** The only published service: TLS termination and the blue/green switch. */
export function proxyService(cfg: StackConfig): ServiceSpec {
  const base = hardened("proxy", cfg);
  return {
    ...base,
    name: "proxy",
    command: ["haproxy", "-W", "-db", "-f", "/etc/haproxy/haproxy.cfg"],
    networks: ["edge"],
    env: {},
    secrets: ["tls_pem"],
    ports: [
      { name: "https", container: PORTS.proxyHttps, published: { address: cfg.publishAddress, port: cfg.httpsPort } },
      { name: "health", container: PORTS.proxyStats },
      ...previewPorts(cfg),
    ],
    configFiles: [{ name: "haproxy.cfg", target: "/etc/haproxy/haproxy.cfg", content: haproxyConfig(cfg) }],
    tmpfs: [...base.tmpfs, runDir("proxy", "/run/haproxy", 1)],
    healthcheck: healthcheck(httpProbe(PORTS.proxyStats, "/healthz")),
  };
}

function previewPorts(cfg: StackConfig): PortSpec[] {
  const ports = cfg.previewPorts;
  if (ports === undefined) return [];
  return (["blue", "green"] as const).map((colour) => ({
    ...previewListener(colour),
    published: { address: PREVIEW_ADDRESS, port: ports[colour] },
  }));
}
