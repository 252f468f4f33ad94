import { httpsRequest } from "../../infra/local/https.js";
import type { Answer } from "../plan/judge.js";

export interface BurstOptions {
  /** Full URL asked every time. */
  url: string;
  /** The only CA trusted for the proxy's certificate. Default: the system's trust store. */
  caFile?: string;
  requests: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Time limit of one request, ms. */
  timeoutMs: number;
}

/** `requests` GETs through the proxy, `concurrency` at a time, each on a fresh TLS connection; every answer kept. */
export async function burst(opts: BurstOptions): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < opts.requests) {
      next++;
      answers.push(await ask(opts));
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.requests) }, worker));
  return answers;
}

async function ask(opts: BurstOptions): Promise<Answer> {
  const target = new URL(opts.url).pathname;
  try {
    return { target, ...(opts.caFile === undefined ? await viaFetch(opts) : await viaLocalCa(opts, opts.caFile)) };
  } catch (err) {
    return { target, error: (err as Error).message };
  }
}

async function viaLocalCa(opts: BurstOptions, caFile: string): Promise<Omit<Answer, "target">> {
  const res = await httpsRequest(opts.url, { caFile, timeoutMs: opts.timeoutMs });
  return {
    status: res.status,
    colour: header(res.headers["x-app-colour"]),
    version: header(res.headers["x-app-version"]),
  };
}

async function viaFetch(opts: BurstOptions): Promise<Omit<Answer, "target">> {
  const res = await fetch(opts.url, { signal: AbortSignal.timeout(opts.timeoutMs) });
  await res.arrayBuffer();
  return {
    status: res.status,
    colour: res.headers.get("x-app-colour") ?? undefined,
    version: res.headers.get("x-app-version") ?? undefined,
  };
}

const header = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(",") : v);
