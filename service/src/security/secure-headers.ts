import type { FastifyHelmetOptions } from "@fastify/helmet";

/** Two years, as the proxy sends it (infra/model/haproxyFrontends.ts). */
const HSTS_MAX_AGE_SECONDS = 63_072_000;

/**
 * Response headers of a JSON API that no page should ever frame or run: CSP allowing nothing,
 * frames denied, no referrer, nosniff (helmet default), and HSTS only where the stack asks for it
 * (`tls.hsts`, as HSTS=true): a self-signed local or drills stack must not pin browsers to HTTPS for
 * two years on localhost. The proxy in front sets or strips the header by the same setting.
 */
export function secureHeaders(hsts: boolean): FastifyHelmetOptions {
  return {
    hsts: hsts ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true } : false,
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    },
  };
}
