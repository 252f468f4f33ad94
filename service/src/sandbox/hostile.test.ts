import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import { residentBytes } from "./rssWatchdog.js";
import {
  JAVASCRIPT_CASES,
  PERSISTENCE_CASES,
  PYTHON_CASES,
  type HostileCase,
  type HostileContext,
} from "./test-helpers/hostileCorpus.js";
import { startService, type RunningService } from "./test-helpers/startService.js";

/**
 * The real service as a child process, attacked with the hostile corpus.
 * Each snippet's outcome is asserted exactly; the effects that must never
 * happen are asserted over every answer of the run at the end.
 */
const POOL_SIZE = 3;
/** A hung service fails the suite instead of hanging it; generous because the host's 2 cores are shared. */
const SUITE_TIMEOUT_MS = 240_000;
/**
 * Growth of the service's own resident memory over the run that still counts as bounded: workers
 * are separate processes, so nothing a job does may make the service itself hold its data.
 */
const SERVICE_RSS_GROWTH_BYTES = 256 * 2 ** 20;
const SECRET = `planted-${randomUUID()}`;
const context: HostileContext = { listenerPort: 0, hostProofPath: `/tmp/sandbox-escape-proof-${randomUUID()}` };
const answers: string[] = [];
let service: RunningService;
let listener: Server;
let connections = 0;
let serviceRssAtStart = 0;

async function execute(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${service.url}/execute`, {
    method: "POST",
    headers: { authorization: `Bearer ${service.token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  answers.push(text);
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

async function runCase(k: HostileCase): Promise<void> {
  const { status, body } = await execute({
    language: k.language,
    code: k.code(context),
    limits: k.limits,
    data: k.data,
  });
  assert.equal(status, 200);
  assert.equal(body.status, k.expect.status, `status of "${k.name}": ${JSON.stringify(body).slice(0, 300)}`);
  if (k.expect.error) assert.match(String(body.error), k.expect.error);
  if (k.expect.result !== undefined) assert.deepEqual(body.result, k.expect.result);
  if (k.expect.stdout !== undefined) assert.equal(body.stdout, k.expect.stdout);
}

beforeAll(async () => {
  listener = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  context.listenerPort = (listener.address() as { port: number }).port;
  service = await startService({
    SANDBOX_POOL_SIZE: String(POOL_SIZE),
    SANDBOX_QUEUE_SIZE: "64",
    SANDBOX_MAX_WALL_MS: "20000",
    SANDBOX_PLANTED_SECRET: SECRET,
  });
  serviceRssAtStart = (await residentBytes(service.pid)) ?? 0;
});

afterAll(async () => {
  if (service.alive()) await service.stop();
  await new Promise((resolve) => listener.close(resolve));
});

describe("hostile Python", { concurrent: true, timeout: SUITE_TIMEOUT_MS }, () => {
  for (const k of PYTHON_CASES) it(k.name, () => runCase(k));
});

describe("hostile JavaScript", { concurrent: true, timeout: SUITE_TIMEOUT_MS }, () => {
  for (const k of JAVASCRIPT_CASES) it(k.name, () => runCase(k));
});

describe("fresh state per job", () => {
  for (const k of PERSISTENCE_CASES) {
    it(k.name, async () => {
      assert.equal((await execute({ language: k.language, code: k.plant })).body.status, "ok");
      const probe = await execute({ language: k.language, code: k.probe });
      assert.deepEqual(probe.body.result, k.expected);
    });
  }

  it("gives every Python job its own random state, though all workers start from one snapshot", async () => {
    const draws = await Promise.all(
      [1, 2, 3].map(() => execute({ language: "python", code: "import random\nrandom.random()" })),
    );
    assert.equal(new Set(draws.map((d) => d.body.result)).size, 3, JSON.stringify(draws.map((d) => d.body)));
  });

  it("refuses data carrying __proto__, and the next job sees a clean prototype", async () => {
    const refused = await execute('{"language":"javascript","code":"1","data":{"__proto__":{"polluted":1}}}');
    assert.equal(refused.status, 400);
    const next = await execute({
      language: "javascript",
      code: "[({}).polluted, Object.prototype.polluted]",
      data: {},
    });
    assert.deepEqual(next.body.result, [null, null]);
  });
});

describe("after the hostile suite", () => {
  it("answers ordinary statistics jobs in both languages", async () => {
    const data = { xs: [2, 4, 4, 4, 5, 5, 7, 9] };
    const py = await execute({
      language: "python",
      code: "import statistics\nxs = data['xs']\n{'mean': statistics.mean(xs), 'stdev': statistics.pstdev(xs)}",
      data,
    });
    assert.deepEqual(py.body, {
      status: "ok",
      result: { mean: 5, stdev: 2 },
      stdout: "",
      duration_ms: py.body.duration_ms,
    });
    const js = await execute({
      language: "javascript",
      data,
      code: "const xs = data.xs; const mean = xs.reduce((a, b) => a + b) / xs.length;\nconst stdev = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);\nconsole.log('n', xs.length);\n({ mean, stdev })",
    });
    assert.deepEqual(js.body, {
      status: "ok",
      result: { mean: 5, stdev: 2 },
      stdout: "n 8\n",
      duration_ms: js.body.duration_ms,
    });
  });

  it("never let a forbidden effect happen", () => {
    assert.equal(connections, 0, "the TCP listener saw a connection");
    assert.equal(existsSync(context.hostProofPath), false, "a job created a file on the host");
    for (const text of answers) {
      assert.equal(text.includes(SECRET), false, "the planted secret reached an answer");
      assert.equal(
        /root:x:0:0|SANDBOX_TOKEN|test-token-/.test(text),
        false,
        `host data reached an answer: ${text.slice(0, 200)}`,
      );
    }
    assert.equal(service.alive(), true);
  });

  it("kept the service's own process alive, answering, and its memory bounded", async () => {
    const live = await fetch(`${service.url}/health/live`).then(
      (r) => r.status,
      (error: unknown) => String(error),
    );
    const tail = service.output().slice(-1500);
    assert.equal(service.alive() && existsSync(`/proc/${service.pid}`), true, `the service died:\n${tail}`);
    assert.equal(live, 200, `the service stopped answering:\n${tail}`);
    const grown = ((await residentBytes(service.pid)) ?? Infinity) - serviceRssAtStart;
    assert.ok(grown <= SERVICE_RSS_GROWTH_BYTES, `the service grew by ${Math.round(grown / 2 ** 20)} MiB`);
  });

  it("keeps the worker process count bounded after killed workers", async () => {
    assert.ok(answers.length >= 60);
    const ready = await fetch(`${service.url}/health/ready`);
    assert.equal(ready.status, 200);
    // Killed workers are reaped and replaced asynchronously: the bound must hold once that settles.
    const deadline = Date.now() + 15_000;
    while (service.workerPids().length > 2 * POOL_SIZE && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    assert.ok(service.workerPids().length <= 2 * POOL_SIZE, `workers: ${service.workerPids().length}`);
  });

  it("exports job and pool metrics on the metrics port", async () => {
    const text = await (await fetch(service.metricsUrl)).text();
    assert.match(text, /sandbox_jobs_total\{language="python",status="timeout"\} [1-9]/);
    assert.match(text, /sandbox_jobs_total\{language="javascript",status="memory"\} [1-9]/);
    assert.match(text, /sandbox_pool_busy_ratio\{language="python"\} /);
    assert.match(text, /sandbox_pool_workers\{language="javascript",state="idle"\} /);
  });

  it("stops on SIGTERM with exit code 0 and leaves no worker behind", async () => {
    // Recorded before the stop: once the service is gone, an orphaned worker would belong to init.
    const workers = service.workerPids();
    assert.ok(workers.length > 0, "no worker to watch");
    assert.equal(await service.stop(), 0);
    assert.deepEqual(
      workers.filter((pid) => existsSync(`/proc/${pid}`)),
      [],
      "workers alive after the service stopped",
    );
  });
});
