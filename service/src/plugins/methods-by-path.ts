import type { FastifyInstance } from "fastify";

/**
 * The methods each registered path answers, so that a request for a path the API serves with a
 * method it does not is told 405 with an `Allow` header (RFC 9110 §15.5.6), not 404. Recorded as
 * routes are added (an `onRoute` hook: install it before any route). Catch-all routes (a path that is
 * only a wildcard, like the CORS plugin's preflight) would match every path, so they are left out.
 */
export interface MethodsByPath {
  /** The methods registered for `path` (no query string), sorted; empty when no route has that path. */
  allowed(path: string): string[];
}

export function recordMethodsByPath(app: FastifyInstance): MethodsByPath {
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  app.addHook("onRoute", (route) => {
    if (/^\/?\*$/.test(route.url)) return;
    const methods = ([] as string[]).concat(route.method);
    routes.push({ pattern: patternOf(route.url), methods });
  });
  return {
    allowed(path) {
      const methods = routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods);
      return [...new Set(methods)].sort();
    },
  };
}

/** `/verify/batch/:id` -> /^\/verify\/batch\/[^/]+$/; a trailing `*` matches the rest of the path. */
function patternOf(url: string): RegExp {
  const source = url
    .split("/")
    .map((part) => (part.startsWith(":") ? "[^/]+" : part === "*" ? ".*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}$`);
}
