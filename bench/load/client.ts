import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LoadReport, LoadSpec, Target } from "./generator.js";

export type { LoadReport, Target } from "./generator.js";

export interface LoadOptions {
  /** The URL requested (targets' paths are appended to it), e.g. https://127.0.0.1:18443/health/live. */
  url: string;
  /** The CA the child trusts (passed as NODE_EXTRA_CA_CERTS); none for a plain HTTP url. */
  caFile?: string;
  /** Sent round robin. Default: one GET of `url`. */
  targets?: Target[];
  /** Requests per second. Default 50. */
  rate?: number;
  /** Upper bound of the run, ms. Default 30000. */
  durationMs?: number;
  /** Lanes sharing the rate. Default 16. */
  workers?: number;
  /** See LoadSpec.mode. Default "paced". */
  mode?: LoadSpec["mode"];
  /** Per-request timeout, ms. Default 15000. */
  timeoutMs?: number;
  /** Distinct values of "{n}" in bodies. Default 1000. */
  variety?: number;
  /** Kills the generator when aborted. */
  signal?: AbortSignal;
}

/** Starts bench/load/generator.ts as a second process; `stop()` ends it early and returns its report. */
export function startLoad(opts: LoadOptions): { done: Promise<LoadReport>; stop: () => Promise<LoadReport> } {
  const spec: LoadSpec = {
    url: opts.url,
    targets: opts.targets ?? [{ label: "get", method: "GET", path: "" }],
    rate: opts.rate ?? 50,
    durationMs: opts.durationMs ?? 30_000,
    workers: opts.workers ?? 16,
    mode: opts.mode ?? "paced",
    timeoutMs: opts.timeoutMs ?? 15_000,
    variety: opts.variety ?? 1000,
  };
  const script = fileURLToPath(new URL("./generator.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...(opts.caFile ? { NODE_EXTRA_CA_CERTS: opts.caFile } : {}) },
    stdio: ["pipe", "pipe", "pipe"],
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  child.stdin.end(JSON.stringify(spec));
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  const done = new Promise<LoadReport>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(JSON.parse(out) as LoadReport)
        : reject(new Error(`load generator exited with ${code}: ${err.trim()}`)),
    );
  });
  return { done, stop: () => (child.kill("SIGTERM"), done) };
}

/** Share of requests that failed (non-2xx or no answer), 0..1. */
export const failureRatio = (r: LoadReport): number => (r.total === 0 ? 1 : (r.non2xx + r.errors) / r.total);
