import { httpsRequest } from "./https.js";

export interface SmokeCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * The smoke test through the proxy: ready answers 200, metrics are refused, liveness answers.
 * Returns every check's outcome; callers decide what failure means.
 */
export async function smokeThroughProxy(url: string, caFile: string): Promise<SmokeCheck[]> {
  const checks: [string, string, (s: number) => boolean][] = [
    ["ready", "/health/ready", (s) => s === 200],
    ["live", "/health/live", (s) => s === 200],
    ["metrics refused", "/metrics", (s) => s === 403 || s === 404],
  ];
  return Promise.all(
    checks.map(async ([name, path, pass]) => {
      try {
        const res = await httpsRequest(`${url}${path}`, { caFile });
        return { name, ok: pass(res.status), detail: `GET ${path} → ${res.status}` };
      } catch (err) {
        return { name, ok: false, detail: `GET ${path} → ${(err as Error).message}` };
      }
    }),
  );
}
