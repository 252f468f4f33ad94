import { Agent, request } from "node:https";
import { parseArgs } from "node:util";

/**
 * The load generator, run as its own process (so the test process's event loop never throttles it):
 * an open-loop stream of GET requests at a fixed rate over keep-alive HTTPS, trusting the CA given by
 * NODE_EXTRA_CA_CERTS. Prints one JSON LoadReport on stdout when the duration is over or on SIGTERM.
 */
export interface LoadReport {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
  /** First error messages by kind (ECONNRESET, timeout ...), with counts. */
  errorKinds: Record<string, number>;
  /** Offsets from start, ms, of the first and last failure (non-2xx or error); null when none. */
  firstFailureMs: number | null;
  lastFailureMs: number | null;
  durationMs: number;
  latencyMs: { p50: number; p99: number; max: number };
}

const { values } = parseArgs({
  options: { url: { type: "string" }, rps: { type: "string", default: "50" }, "duration-ms": { type: "string", default: "30000" }, "timeout-ms": { type: "string", default: "5000" } },
});
if (!values.url) throw new Error("generator: --url is required (e.g. https://127.0.0.1:18443/health/live)");
const rps = Number(values.rps);
const durationMs = Number(values["duration-ms"]);
const timeoutMs = Number(values["timeout-ms"]);

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const start = Date.now();
const report: LoadReport = { sent: 0, ok: 0, non2xx: 0, errors: 0, statuses: {}, errorKinds: {}, firstFailureMs: null, lastFailureMs: null, durationMs: 0, latencyMs: { p50: 0, p99: 0, max: 0 } };
const latencies: number[] = [];
let pending = 0;

function failed(): void {
  const at = Date.now() - start;
  report.firstFailureMs ??= at;
  report.lastFailureMs = at;
}

function one(): void {
  const t0 = performance.now();
  report.sent += 1;
  pending += 1;
  const req = request(values.url!, { agent, timeout: timeoutMs }, (res) => {
    res.resume();
    res.on("end", () => {
      pending -= 1;
      latencies.push(performance.now() - t0);
      const status = res.statusCode ?? 0;
      report.statuses[status] = (report.statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) report.ok += 1;
      else (report.non2xx += 1), failed();
    });
  });
  req.on("timeout", () => req.destroy(new Error("timeout")));
  req.on("error", (e: NodeJS.ErrnoException) => {
    pending -= 1;
    report.errors += 1;
    const kind = e.code ?? e.message;
    report.errorKinds[kind] = (report.errorKinds[kind] ?? 0) + 1;
    failed();
  });
  req.end();
}

function finish(): void {
  clearInterval(timer);
  const sorted = latencies.sort((a, b) => a - b);
  const q = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  report.latencyMs = { p50: q(0.5), p99: q(0.99), max: Math.round(sorted.at(-1) ?? 0) };
  report.durationMs = Date.now() - start;
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
}

/** Ticks every 10 ms, sending whatever the schedule owes (steady rate even if a tick is late). */
const timer = setInterval(() => {
  const due = Math.floor(((Date.now() - start) * rps) / 1000);
  while (report.sent < due) one();
  if (Date.now() - start >= durationMs) drain();
}, 10);

let draining = false;
function drain(): void {
  if (draining) return;
  draining = true;
  clearInterval(timer);
  const deadline = Date.now() + timeoutMs + 1000;
  const wait = setInterval(() => (pending <= 0 || Date.now() > deadline ? (clearInterval(wait), finish()) : undefined), 20);
}
process.on("SIGTERM", drain);
