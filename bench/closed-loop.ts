/** A closed-loop HTTP client: `concurrency` workers each send the next request when theirs answers. */
export interface LoopFigures {
  requests: number;
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
  headers?: Record<string, string>;
  requests: number;
  concurrency: number;
}): Promise<LoopFigures> {
  const latencies: number[] = [];
  let next = 0;
  let non2xx = 0;
  let errors = 0;
  const init: RequestInit = {
    method: o.method,
    headers: { ...(o.body ? { "content-type": "application/json" } : {}), ...o.headers },
    ...(o.body ? { body: JSON.stringify(o.body) } : {}),
  };
  const worker = async () => {
    while (next < o.requests) {
      next += 1;
      const t0 = performance.now();
      try {
        const res = await fetch(o.url, init);
        await res.arrayBuffer();
        if (res.status < 200 || res.status > 299) non2xx += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    Number((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(2));
  return {
    requests: latencies.length,
    non2xx,
    errors,
    p50_ms: q(0.5),
    p99_ms: q(0.99),
    rps: Number((latencies.length / seconds).toFixed(1)),
  };
}
