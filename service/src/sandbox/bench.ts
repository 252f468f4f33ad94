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
 *  - backToBack: one client sending each job as soon as the previous one is
 *    answered, over more jobs than a worker serves before it is retired, so
 *    the figure includes the replacements' boots: the steady state;
 *  - concurrent: `--clients` clients back to back (p50/p99 per job, jobs/s);
 *  - idlePool: one client, each job sent only once every worker of the pool
 *    is idle (no boot in progress): the best case, labelled as such;
 *  - retiring (Python): back to back, jobs that read a stdlib file not in the
 *    snapshot, which retires their worker: bounded by worker boots.
 * Prints one JSON object. Usage: node --import tsx src/sandbox/bench.ts
 *   [--python-jobs 1000] [--js-jobs 1000] [--idle-jobs 40] [--retiring-jobs 12] [--clients 4] [--pool 2]
 */
const { values } = parseArgs({
  options: {
    "python-jobs": { type: "string", default: "1000" },
    "js-jobs": { type: "string", default: "1000" },
    "idle-jobs": { type: "string", default: "40" },
    "retiring-jobs": { type: "string", default: "12" },
    clients: { type: "string", default: "4" },
    pool: { type: "string", default: "2" },
  },
});
const JOBS = { python: Number(values["python-jobs"]), javascript: Number(values["js-jobs"]) };
const POOL = Number(values.pool);
const CLIENTS = Number(values.clients);
const IDLE_JOBS = Number(values["idle-jobs"]);
const RETIRING_JOBS = Number(values["retiring-jobs"]);
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

/** Reads a stdlib module's source from the in-memory file system: a file syscall, so the worker retires. */
const RETIRING = "import linecache\nlen(linecache.getlines('/lib/python314.zip/this.py')) >= 0";

async function execute(
  language: Language,
  code: string = CODE[language],
): Promise<{ roundTripMs: number; durationMs: number }> {
  const started = performance.now();
  const response = await fetch(`${URL_BASE}/execute`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ language, code, data: [1, 2, 3, 4] }),
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

type Figures = { roundTripMs: object; durationMs: object; jobsPerSecond: number };

/** `clients` clients send `jobs` jobs back to back; with `idleWorkers`, each job waits for that many idle workers first. */
async function measure(
  language: Language,
  jobs: number,
  clients: number,
  idleWorkers = 0,
  code?: string,
): Promise<Figures> {
  const trips: number[] = [];
  const durations: number[] = [];
  let remaining = jobs;
  const client = async (): Promise<void> => {
    while (remaining-- > 0) {
      if (idleWorkers > 0) await waitIdle(language, idleWorkers);
      const sample = await execute(language, code);
      trips.push(sample.roundTripMs);
      durations.push(sample.durationMs);
    }
  };
  await waitIdle(language, POOL);
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const jobsPerSecond = Math.round((jobs / ((performance.now() - started) / 1000)) * 10) / 10;
  return { roundTripMs: summary(trips), durationMs: summary(durations), jobsPerSecond };
}

async function main(): Promise<void> {
  const stop = startService();
  try {
    const report: Record<string, unknown> = { poolSize: POOL, cpus: cpus().length, node: process.version };
    // Steady state: measuring starts once the Python snapshot is made and every worker of both pools has booted.
    for (const language of ["javascript", "python"] as const) await waitIdle(language, POOL);
    for (const language of ["javascript", "python"] as const) {
      report[language] = {
        jobs: JOBS[language],
        backToBack: await measure(language, JOBS[language], 1),
        concurrent: { clients: CLIENTS, ...(await measure(language, JOBS[language], CLIENTS)) },
        idlePool: await measure(language, IDLE_JOBS, 1, POOL),
        ...(language === "python" ? { retiring: await measure(language, RETIRING_JOBS, 1, 0, RETIRING) } : {}),
      };
    }
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    stop();
  }
}

await main();
