import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LoadReport } from "./generator.js";

export type { LoadReport } from "./generator.js";

export interface LoadOptions {
  /** Full URL of the GET request, e.g. https://127.0.0.1:18443/health/live. */
  url: string;
  /** The CA the child trusts (passed as NODE_EXTRA_CA_CERTS). */
  caFile: string;
  /** Requests per second. Default 50. */
  rps?: number;
  /** How long the child sends, ms. Default 30000. */
  durationMs?: number;
  /** Per-request timeout, ms. Default 5000. */
  timeoutMs?: number;
}

/** Starts bench/load/generator.ts as a second process; `stop()` ends it early and returns its report. */
export function startLoad(opts: LoadOptions): { done: Promise<LoadReport>; stop: () => Promise<LoadReport> } {
  const script = fileURLToPath(new URL("./generator.ts", import.meta.url));
  const args = ["--url", opts.url, "--rps", String(opts.rps ?? 50), "--duration-ms", String(opts.durationMs ?? 30_000), "--timeout-ms", String(opts.timeoutMs ?? 5000)];
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: opts.caFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  const done = new Promise<LoadReport>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out) as LoadReport) : reject(new Error(`load generator exited with ${code}: ${err.trim()}`))));
  });
  return { done, stop: () => (child.kill("SIGTERM"), done) };
}

/** Share of requests that failed (non-2xx or no answer), 0..1. */
export const failureRatio = (r: LoadReport): number => (r.sent === 0 ? 1 : (r.non2xx + r.errors) / r.sent);
