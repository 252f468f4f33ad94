import { quantile } from "./load/samples.js";

/** A closed-loop HTTP client: `concurrency` workers each send the next request when theirs answers. */
export interface LoopFigures {
  requests: number;
  /** How many answers had each status other than 2xx (e.g. {"429": 3}), and the first such body. */
  non2xx_statuses?: Record<string, number>;
  non2xx_first_body?: string;
  /** p50/p99 per group, when the loop was given `bodyFor` (e.g. hostile inputs against the rest). */
  groups?: Record<string, { requests: number; p50_ms: number; p99_ms: number }>;
  non2xx: number;
  errors: number;
  p50_ms: number;
  p99_ms: number;
  rps: number;
}

export async function closedLoop(o: {
  url: string;
  method: "GET" | "POST";
  body?: unknown;
  /** The i-th request's body and the group its latency counts in; overrides `body`. */
  bodyFor?: (i: number) => { body: unknown; group: string };
  headers?: Record<string, string>;
  requests: number;
  concurrency: number;
}): Promise<LoopFigures> {
  const latencies: number[] = [];
  const byGroup = new Map<string, number[]>();
  let next = 0;
  let non2xx = 0;
  const statuses: Record<string, number> = {};
  let firstBody: string | undefined;
  let errors = 0;
  const init: RequestInit = {
    method: o.method,
    headers: { ...(o.body ? { "content-type": "application/json" } : {}), ...o.headers },
    ...(o.body ? { body: JSON.stringify(o.body) } : {}),
  };
  const worker = async () => {
    while (next < o.requests) {
      const i = next++;
      const one = o.bodyFor?.(i);
      const t0 = performance.now();
      try {
        const res = await fetch(
          o.url,
          one ? { ...init, headers: JSON_HEADERS(o.headers), body: JSON.stringify(one.body) } : init,
        );
        const text = await res.text();
        if (res.status < 200 || res.status > 299) {
          firstBody ??= text.slice(0, 500);
          non2xx += 1;
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        }
      } catch {
        errors += 1;
      }
      const ms = performance.now() - t0;
      latencies.push(ms);
      if (one) byGroup.set(one.group, [...(byGroup.get(one.group) ?? []), ms]);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const q = (p: number, values: number[] = latencies) =>
    quantile(
      [...values].sort((a, b) => a - b),
      p,
    );
  const groups = Object.fromEntries(
    [...byGroup].map(([name, values]) => [
      name,
      { requests: values.length, p50_ms: q(0.5, values), p99_ms: q(0.99, values) },
    ]),
  );
  return {
    requests: latencies.length,
    ...(o.bodyFor ? { groups } : {}),
    ...(non2xx > 0 ? { non2xx_statuses: statuses, non2xx_first_body: firstBody } : {}),
    non2xx,
    errors,
    p50_ms: q(0.5),
    p99_ms: q(0.99),
    rps: Number((latencies.length / seconds).toFixed(1)),
  };
}

const JSON_HEADERS = (extra: Record<string, string> = {}) => ({ "content-type": "application/json", ...extra });
