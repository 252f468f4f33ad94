import type { StackConfig } from "../config/schema.js";
import { PORTS, previewListener } from "./ports.js";

/**
 * Seconds a client is told to wait on a 503 the proxy makes itself (no server up, queue timeout);
 * the api's own 503s carry their Retry-After already and keep it. Same value as the api's.
 */
export const PROXY_RETRY_AFTER_SECONDS = 5;

const TLS_BIND = "ssl crt /run/secrets/tls_pem alpn http/1.1";

/** Where clients come in: TLS, `/metrics` refused, the api colours behind. */
export function httpsFrontend(cfg: StackConfig): string {
  return `frontend https
  bind :${PORTS.proxyHttps} ${TLS_BIND}
${clientRules(cfg)}  default_backend api
`;
}

/**
 * One listener per colour (when the stack sets previewPorts), each reaching that colour's replicas
 * whatever is live: the runbooks smoke the idle colour there before it takes traffic, as Kubernetes
 * does through its api-preview Service. The same TLS and the same refusals as the main listener, so a
 * smoke through it proves what clients will get.
 */
export function previewFrontends(cfg: StackConfig): string[] {
  if (cfg.previewPorts === undefined) return [];
  return (["blue", "green"] as const).map((colour) => {
    const listener = previewListener(colour);
    return `frontend ${listener.name}
  bind :${listener.container} ${TLS_BIND}
${clientRules(cfg)}  default_backend ${listener.name}
`;
  });
}

/**
 * What every client-facing listener does to requests and answers. X-Forwarded-For is *set* to the
 * peer, never appended to: the api counts its per-address limits on that value (TRUST_PROXY), so a
 * client must not be able to name its own bucket by sending the header itself.
 */
function clientRules(cfg: StackConfig): string {
  // tls.hsts decides at the edge: set on every answer, or stripped from whatever a backend sent.
  const hsts = cfg.tls.hsts
    ? `  http-response set-header Strict-Transport-Security "max-age=63072000; includeSubDomains"\n`
    : "  http-response del-header Strict-Transport-Security\n";
  return `  http-request set-header X-Forwarded-Proto https
  http-request set-header X-Forwarded-For %[src]
  http-request deny deny_status 404 if { path_beg /metrics }
  http-after-response set-header Retry-After ${PROXY_RETRY_AFTER_SECONDS} if { status 503 } !{ res.hdr(retry-after) -m found }
${hsts}`;
}
