import { SMOKE_REQUESTS, smokePasses } from "../model/smoke.js";
import { httpsRequest } from "./https.js";

export interface SmokeCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * The smoke test through the proxy: every request of the model's smoke list (ready and live answer
 * 200, metrics are refused). Returns every check's outcome; callers decide what failure means.
 */
export async function smokeThroughProxy(url: string, caFile: string): Promise<SmokeCheck[]> {
  return Promise.all(
    SMOKE_REQUESTS.map(async (request) => {
      const { name, path } = request;
      try {
        const res = await httpsRequest(`${url}${path}`, { caFile });
        return { name, ok: smokePasses(request, res.status), detail: `GET ${path} → ${res.status}` };
      } catch (err) {
        return { name, ok: false, detail: `GET ${path} → ${(err as Error).message}` };
      }
    }),
  );
}
