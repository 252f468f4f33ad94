// The load generator of every bench and live test, run as its own process (a second process on
// loopback, as real clients are, so the caller's event loop never throttles it). It reads one JSON
// LoadSpec on stdin (keys stay out of argv), sends the targets round robin over keep-alive HTTPS
// trusting the CA in NODE_EXTRA_CA_CERTS (or plain HTTP for an http: url, e.g. a kubectl proxy on loopback), and prints one JSON LoadReport on stdout at the end
// (duration over, or SIGTERM). autocannon is not used: its client hard-codes rejectUnauthorized: false.
import * as http from "node:http";
import * as https from "node:https";
import { text } from "node:stream/consumers";
import { setTimeout as sleep } from "node:timers/promises";
import { compress, summarise, type Run, type LoadSummary, type Sample } from "./samples.js";

export interface Target {
  label: string;
  method: "GET" | "POST";
  /** Appended to the spec's url ("" for the url itself). */
  path: string;
  /** Every "{n}" in a value becomes the request's number modulo `variety`, as in the body (an Idempotency-Key per input). */
  headers?: Record<string, string>;
  /** JSON text; every "{n}" becomes the request's number modulo `variety` (distinct inputs, some repeats). */
  body?: string;
}

export interface LoadSpec {
  url: string;
  targets: Target[];
  /** Requests per second across all workers. */
  rate: number;
  /** Upper bound of the run, ms. */
  durationMs: number;
  /** Lanes sharing the rate; each keeps its own colour history. */
  workers: number;
  /**
   * "paced": a worker's next request waits for its previous one (what a pool of clients does; the
   * offered rate drops when answers slow down). "open": requests leave on schedule whatever is still
   * pending (the offered rate holds under overload).
   */
  mode: "paced" | "open";
  timeoutMs: number;
  variety: number;
}

export interface LoadReport extends LoadSummary {
  rate: number;
  workers: number;
  mode: LoadSpec["mode"];
  perWorker: Run[][];
}

const spec = JSON.parse(await text(process.stdin)) as LoadSpec;
if (!spec.url || spec.targets.length === 0)
  throw new Error("load generator: the spec on stdin needs url and at least one target");
/**
 * A client closes an idle connection before the server does, as well-behaved keep-alive clients do:
 * the proxy drops one idle for `timeout http-keep-alive` (10 s), and a request sent on it at that
 * moment is reset (ECONNRESET, seen in CI when a latency spike woke a long-idle pooled socket).
 */
const IDLE_SOCKET_MS = 5_000;
const client = new URL(spec.url).protocol === "http:" ? http : https;
const agent = new client.Agent({
  keepAlive: true,
  maxSockets: spec.mode === "open" ? 1024 : spec.workers,
  timeout: IDLE_SOCKET_MS,
});
const deadline = Date.now() + spec.durationMs;
let stopping = false;
let sequence = 0;
process.once("SIGTERM", () => (stopping = true));

const header = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(",") : v);

function once(target: Target, n: number): Promise<Sample> {
  const sentAt = Date.now();
  const t0 = performance.now();
  const numbered = (text: string) => text.replaceAll("{n}", String(n % spec.variety));
  const body = target.body === undefined ? undefined : numbered(target.body);
  const named = Object.entries(target.headers ?? {}).map(([name, value]) => [name, numbered(value)]);
  const headers = {
    ...Object.fromEntries(named),
    ...(body === undefined ? {} : { "content-type": "application/json" }),
  };
  return new Promise((resolve) => {
    const req = client.request(
      `${spec.url}${target.path}`,
      { method: target.method, headers, agent, timeout: spec.timeoutMs },
      (res) => {
        res.resume();
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          const refused = status === 429 || status === 503;
          resolve({
            label: target.label,
            sentAt,
            doneAt: Date.now(),
            latencyMs: performance.now() - t0,
            status,
            colour: header(res.headers["x-app-colour"]),
            version: header(res.headers["x-app-version"]),
            ...(refused ? { retryAfter: header(res.headers["retry-after"]) ?? "" } : {}),
          });
        });
      },
    );
    req.on("timeout", () =>
      req.destroy(Object.assign(new Error(`no answer within ${spec.timeoutMs} ms`), { code: "timeout" })),
    );
    req.on("error", (err) =>
      resolve({
        label: target.label,
        sentAt,
        doneAt: Date.now(),
        status: 0,
        error: (err as NodeJS.ErrnoException).code ?? err.message,
      }),
    );
    req.end(body);
  });
}

/** One lane at its share of the rate; in "paced" mode a request never overlaps the lane's next. */
async function worker(index: number): Promise<Sample[]> {
  const intervalMs = (spec.workers * 1000) / spec.rate;
  const pending: Promise<Sample>[] = [];
  let next = Date.now() + (index * intervalMs) / spec.workers;
  while (!stopping && Date.now() < deadline) {
    await sleep(Math.max(0, next - Date.now()));
    const n = sequence++;
    const sample = once(spec.targets[n % spec.targets.length]!, n);
    pending.push(sample);
    if (spec.mode === "paced") await sample;
    next += intervalMs;
  }
  return Promise.all(pending);
}

const startedAt = Date.now();
const perWorker = await Promise.all(Array.from({ length: spec.workers }, (_, i) => worker(i)));
agent.destroy();
const report: LoadReport = {
  ...summarise(perWorker.flat(), startedAt, Date.now()),
  rate: spec.rate,
  workers: spec.workers,
  mode: spec.mode,
  perWorker: perWorker.map(compress),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
