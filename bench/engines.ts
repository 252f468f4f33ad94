// Verification engines over HTTP: latency p50/p99 and throughput per engine, each as a ratio to a bare
// Fastify route measured in the same run. The API runs as its own process (node --import tsx
// service/src/main.ts) against the host Postgres and Redis; the client is this process (a second one).
// Prints JSON. Run: node --import tsx bench/engines.ts [--requests 300] [--concurrency 8]
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { closedLoop, type LoopFigures } from "./closed-loop.js";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "300" }, concurrency: { type: "string", default: "8" } },
});
const N = Number(values.requests);
const C = Number(values.concurrency);
const SERVICE = new URL("../service/", import.meta.url).pathname;
const KEY = `vsk_${randomBytes(6).toString("hex")}_${randomBytes(32).toString("base64url")}`;
const DB = `bench_${randomBytes(4).toString("hex")}`;

const CASES: Record<string, { path: string; body: unknown }> = {
  math: { path: "/verify/math", body: { expression: "(x+1)**2 = x**2 + 2*x + 1" } },
  logic: { path: "/verify/logic", body: { expression: "(AND (GT x 5) (LT x 10))" } },
  stats: {
    path: "/verify/stats",
    body: { data: { x: [1, 2, 3, 4, 5, 6, 7, 8] }, claim: { statistic: "mean", column: "x", value: 4.5 } },
  },
  natural_language: { path: "/verify/natural_language", body: { query: "Is 15% of 200 equal to 30?" } },
  consensus: { path: "/verify/consensus", body: { expression: "2+2=4" } },
};

function start(argv: string[], env: Record<string, string>, cwd: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", ...argv], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

async function main(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "bench-engines-"));
  writeFileSync(join(dir, "key"), KEY, { mode: 0o600 });
  await run("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-qc", `CREATE DATABASE ${DB}`]);
  const api = start(
    ["src/main.ts"],
    {
      HOST: "127.0.0.1",
      PORT: "18180",
      METRICS_PORT: "18181",
      LOG_LEVEL: "error",
      DATABASE_HOST: "127.0.0.1",
      DATABASE_NAME: DB,
      DATABASE_USER: "postgres",
      DATABASE_PASSWORD: "unused-by-trust-auth",
      REDIS_HOST: "127.0.0.1",
      REDIS_KEY_PREFIX: `${DB}:`,
      BOOTSTRAP_ADMIN_KEY_FILE: join(dir, "key"),
      RATE_LIMIT_PER_KEY_PER_MINUTE: "1000000",
      RATE_LIMIT_GLOBAL_PER_MINUTE: "1000000",
      VERIFICATION_CACHE_TTL_SECONDS: "1",
    },
    SERVICE,
  );
  const bare = start(["bench/bare-fastify.ts"], { PORT: "18182" }, SERVICE);
  try {
    await waitFor("http://127.0.0.1:18180/health/ready");
    await waitFor("http://127.0.0.1:18182/");
    const baseline = await closedLoop({ url: "http://127.0.0.1:18182/", method: "GET", requests: N, concurrency: C });
    const engines: Record<string, LoopFigures & { p50_ratio: number; p99_ratio: number; throughput_ratio: number }> =
      {};
    for (const [name, c] of Object.entries(CASES)) {
      const f = await closedLoop({
        url: `http://127.0.0.1:18180${c.path}`,
        method: "POST",
        body: c.body,
        headers: { "x-api-key": KEY },
        requests: N,
        concurrency: C,
      });
      engines[name] = {
        ...f,
        p50_ratio: f.p50_ms / baseline.p50_ms,
        p99_ratio: f.p99_ms / baseline.p99_ms,
        throughput_ratio: f.rps / baseline.rps,
      };
    }
    return {
      requests_per_case: N,
      concurrency: C,
      note: "cache TTL 1 s: repeated inputs mostly hit the Redis cache",
      bare_fastify: baseline,
      engines,
    };
  } finally {
    api.kill("SIGTERM");
    bare.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    await run("psql", [
      "-h",
      "127.0.0.1",
      "-U",
      "postgres",
      "-d",
      "test",
      "-qc",
      `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`,
    ]);
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    spawn(cmd, args, { stdio: "inherit" }).on("close", (c) =>
      c === 0 ? resolve() : reject(new Error(`${cmd} exited ${c}`)),
    ),
  );
}

process.stdout.write(`${JSON.stringify(await main(), null, 2)}\n`);
