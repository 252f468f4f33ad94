import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LoadSummary, Run } from "./bluegreen-samples.js";

export interface LoadReport extends LoadSummary {
  rate: number;
  workers: number;
  perWorker: Run[][];
}

export interface LoadOptions {
  url: string;
  /** The CA the child trusts (NODE_EXTRA_CA_CERTS). */
  caFile: string;
  /** Requests per second. Default 200. */
  rate?: number;
  /** Upper bound of the run, ms. Default 40000. */
  durationMs?: number;
  /** Sequential workers sharing the rate. Default 16. */
  workers?: number;
  /** Kills the generator when aborted. */
  signal?: AbortSignal;
}

/** Starts bench/bluegreen-load.ts as a second process; `stop()` ends it early and returns its report. */
export function startLoad(opts: LoadOptions): { stop: () => Promise<LoadReport>; done: Promise<LoadReport> } {
  const script = fileURLToPath(new URL("./bluegreen-load.ts", import.meta.url));
  const args = ["--url", opts.url, "--rate", String(opts.rate ?? 200), "--duration-ms", String(opts.durationMs ?? 40_000), "--workers", String(opts.workers ?? 16)];
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: opts.caFile },
    stdio: ["ignore", "pipe", "pipe"],
    signal: opts.signal,
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  const done = new Promise<LoadReport>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out) as LoadReport) : reject(new Error(`load generator exited ${code}: ${err}`))));
  });
  return { done, stop: () => (child.kill("SIGTERM"), done) };
}
