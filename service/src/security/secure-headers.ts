import type { FastifyHelmetOptions } from "@fastify/helmet";

/**
 * Response headers of a JSON API that no page should ever frame or run: CSP allowing nothing,
 * frames denied, no referrer, nosniff (helmet default), and HSTS: clients only ever reach the API
 * through the TLS proxy, and browsers ignore the header on plain HTTP, so it is always safe to send.
 */
export const SECURE_HEADERS: FastifyHelmetOptions = {
  hsts: { maxAge: 63_072_000, includeSubDomains: true },
  frameguard: { action: "deny" },
  referrerPolicy: { policy: "no-referrer" },
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] } },
};
