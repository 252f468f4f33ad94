import type { StackConfig } from "../../config/schema.js";
import { hardened, healthcheck, httpProbe, runDir } from "../hardening.js";
import { haproxyConfig } from "../haproxy.js";
import { PORTS } from "../ports.js";
import type { ServiceSpec } from "../types.js";

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
    ],
    configFiles: [{ name: "haproxy.cfg", target: "/etc/haproxy/haproxy.cfg", content: haproxyConfig(cfg) }],
    tmpfs: [...base.tmpfs, runDir("proxy", "/run/haproxy", 1)],
    healthcheck: healthcheck(httpProbe(PORTS.proxyStats, "/healthz")),
  };
}
