// Verification engines over HTTP: latency p50/p99 and throughput per engine, each as a ratio to a bare
// Fastify route measured in the same run, for one input repeated (cache hits) and distinct inputs (cache
// misses: the engine runs); for math and logic also with hostile inputs mixed in at 5 %, the others'
// p99 reported apart. The api's event-loop delay p99 (its own nodejs_eventloop_lag_p99_seconds, reset
// at each scrape) is read around every run. The API runs as its own process (node --import tsx
// service/src/main.ts) against the host Postgres and Redis; the client is this process.
// Prints JSON. Run: node --import tsx bench/engines.ts [--requests 300] [--concurrency 8] [--logic-threads 1]
// [--only math,logic]
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { closedLoop, type LoopFigures } from "./closed-loop.js";
import { CASES, HOSTILE_SHARE, mixed, type EngineCase } from "./engines/cases.js";
import { inProcessMath } from "./engines/inprocess.js";
import { judge, TARGETS, type RunFigures } from "./engines/targets.js";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "300" },
    concurrency: { type: "string", default: "8" },
    "logic-threads": { type: "string", default: "1" },
    only: { type: "string" },
  },
});
const N = Number(values.requests);
const C = Number(values.concurrency);
const SERVICE = new URL("../service/", import.meta.url).pathname;
const KEY = `vsk_${randomBytes(6).toString("hex")}_${randomBytes(32).toString("base64url")}`;
const DB = `bench_${randomBytes(4).toString("hex")}`;

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
      VERIFICATION_CACHE_TTL_SECONDS: "3600",
      ENGINE_LOGIC_THREADS: values["logic-threads"] ?? "1",
    },
    SERVICE,
  );
  const bare = start(["bench/bare-fastify.ts"], { PORT: "18182" }, SERVICE);
  try {
    await waitFor("http://127.0.0.1:18180/health/ready");
    await waitFor("http://127.0.0.1:18182/");
    const baseline = await closedLoop({ url: "http://127.0.0.1:18182/", method: "GET", requests: N, concurrency: C });
    const engines: Record<string, unknown> = {};
    const only = values.only?.split(",");
    for (const [name, c] of Object.entries(CASES))
      if (only === undefined || only.includes(name)) engines[name] = await measureEngine(c, baseline);
    return {
      requests_per_run: N,
      concurrency: C,
      logic_threads: Number(values["logic-threads"]),
      targets: TARGETS,
      bare_fastify: baseline,
      engines,
      in_process_math: withMet(await inProcessMath()),
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

/** Warm-up (unmeasured), then repeated, distinct and, where the case has one, mixed-with-hostile runs. */
async function measureEngine(c: EngineCase, bare: LoopFigures) {
  const loop = (body: Pick<Parameters<typeof closedLoop>[0], "body" | "bodyFor">, requests = N) =>
    measured({
      url: `http://127.0.0.1:18180${c.path}`,
      method: "POST",
      headers: { "x-api-key": KEY },
      requests,
      concurrency: C,
      ...body,
    });
  await loop({ bodyFor: (i) => ({ body: c.distinct(1_000_000 + i), group: "warm-up" }) }, 100);
  const figures: Record<string, unknown> = {
    repeated: judge(await loop({ body: c.repeated }), bare),
    distinct: judge(await loop({ bodyFor: (i) => ({ body: c.distinct(i), group: "distinct" }) }), bare),
  };
  const hostile = c.hostile;
  if (hostile !== undefined) {
    const run = await loop({
      bodyFor: mixed({ ...c, distinct: (i) => c.distinct(2_000_000 + i), hostile }),
    });
    figures[`distinct_with_${HOSTILE_SHARE * 100}pct_hostile`] = judge(run, bare, run.groups?.others?.p99_ms);
  }
  return figures;
}

/** One closed loop with the api's event-loop delay p99 over it (prom-client resets it at every scrape). */
async function measured(o: Parameters<typeof closedLoop>[0]): Promise<RunFigures> {
  await eventLoopP99Ms();
  const figures = await closedLoop(o);
  return { ...figures, event_loop_p99_ms: await eventLoopP99Ms() };
}

async function eventLoopP99Ms(): Promise<number> {
  const text = await (await fetch("http://127.0.0.1:18181/metrics")).text();
  const line = /^nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(text);
  if (line?.[1] === undefined) throw new Error("the api's /metrics has no nodejs_eventloop_lag_p99_seconds");
  return Number((Number(line[1]) * 1000).toFixed(2));
}

const withMet = (f: { p50_ms: number }) => ({ ...f, met: f.p50_ms <= TARGETS.in_process_math_p50_ms_max });

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    spawn(cmd, args, { stdio: "inherit" }).on("close", (c) =>
      c === 0 ? resolve() : reject(new Error(`${cmd} exited ${c}`)),
    ),
  );
}

process.stdout.write(`${JSON.stringify(await main(), null, 2)}\n`);
