import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/**
 * Sandbox benchmark: starts the real service (HTTP on 127.0.0.1, default pool
 * size unless --pool), then per language measures the client-observed round
 * trip of POST /execute (p50/p99, ms; `durationMs` is the part the service
 * spent between handing the job to a worker and reading its result):
 *  - warm: one client, each job sent as soon as one worker is idle. For
 *    single-use Python workers the replacement of the previous job's worker
 *    is then still booting beside the job, as under a steady stream of jobs;
 *  - isolated: one client, each job sent only once every worker of the pool
 *    is idle (no boot in progress): the per-job overhead at request rates the
 *    pool replenishes without falling behind;
 *  - throughput: jobs sent back to back by `pool size` clients (jobs/s),
 *    which for single-use Python workers is bounded by worker boot time.
 * Prints one JSON object. Usage: node --import tsx src/sandbox/bench.ts [--python-jobs 60] [--js-jobs 200] [--pool 2]
 */
const { values } = parseArgs({
  options: {
    "python-jobs": { type: "string", default: "60" },
    "js-jobs": { type: "string", default: "200" },
    pool: { type: "string", default: "2" },
  },
});
const JOBS = { python: Number(values["python-jobs"]), javascript: Number(values["js-jobs"]) };
const POOL = Number(values.pool);
const PORT = 18000 + Math.floor(Math.random() * 1000);
const TOKEN = randomBytes(24).toString("hex");
const URL_BASE = `http://127.0.0.1:${PORT}`;
const CODE = {
  python: "import statistics\nstatistics.mean(data)",
  javascript: "data.reduce((a, b) => a + b) / data.length",
} as const;
type Language = keyof typeof CODE;

function startService(): () => void {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const entry = existsSync(`${here}main.js`) ? `${here}main.js` : `${here}main.ts`;
  const env = {
    PATH: process.env.PATH ?? "",
    HOST: "127.0.0.1",
    PORT: String(PORT),
    METRICS_PORT: String(PORT + 1),
    SANDBOX_TOKEN: TOKEN,
    SANDBOX_POOL_SIZE: String(POOL),
    SANDBOX_QUEUE_SIZE: "1000",
    LOG_LEVEL: "error",
  };
  const child = spawn(process.execPath, [...process.execArgv, entry], { env, stdio: "inherit" });
  return () => child.kill("SIGTERM");
}

async function poolIdle(language: Language): Promise<number> {
  const response = await fetch(`${URL_BASE}/health/ready`).catch(() => undefined);
  if (!response) return 0;
  const body = (await response.json()) as { pools?: Record<Language, { idle: number }> };
  return body.pools?.[language].idle ?? 0;
}

async function waitIdle(language: Language, count: number, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await poolIdle(language)) < count) {
    if (Date.now() > deadline) throw new Error(`bench: no ${count} idle ${language} workers within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function execute(language: Language): Promise<{ roundTripMs: number; durationMs: number }> {
  const started = performance.now();
  const response = await fetch(`${URL_BASE}/execute`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ language, code: CODE[language], data: [1, 2, 3, 4] }),
  });
  const body = (await response.json()) as { status: string; duration_ms: number };
  if (body.status !== "ok") throw new Error(`bench: a ${language} job ended ${JSON.stringify(body)}`);
  return { roundTripMs: performance.now() - started, durationMs: body.duration_ms };
}

function percentile(sorted: number[], p: number): number {
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 10) / 10;
}

function summary(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function warmLatency(
  language: Language,
  jobs: number,
  idleWorkers: number,
): Promise<{ roundTripMs: object; durationMs: object }> {
  const trips: number[] = [];
  const durations: number[] = [];
  for (let i = 0; i < jobs; i++) {
    await waitIdle(language, idleWorkers);
    const sample = await execute(language);
    trips.push(sample.roundTripMs);
    durations.push(sample.durationMs);
  }
  return { roundTripMs: summary(trips), durationMs: summary(durations) };
}

async function throughput(language: Language, jobs: number): Promise<number> {
  await waitIdle(language, POOL);
  let remaining = jobs;
  const started = performance.now();
  const client = async (): Promise<void> => {
    while (remaining-- > 0) await execute(language);
  };
  await Promise.all(Array.from({ length: POOL }, client));
  return Math.round((jobs / ((performance.now() - started) / 1000)) * 10) / 10;
}

async function main(): Promise<void> {
  const stop = startService();
  try {
    const report: Record<string, unknown> = { poolSize: POOL, cpus: cpus().length, node: process.version };
    // Steady state: measuring starts once the Python snapshot is made and every worker of both pools has booted.
    for (const language of ["javascript", "python"] as const) await waitIdle(language, POOL);
    for (const language of ["javascript", "python"] as const) {
      const warm = await warmLatency(language, JOBS[language], 1);
      const isolated = await warmLatency(language, JOBS[language], POOL);
      report[language] = {
        jobs: JOBS[language],
        warm,
        isolated,
        throughputJobsPerSecond: await throughput(language, JOBS[language]),
      };
    }
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    stop();
  }
}

await main();
