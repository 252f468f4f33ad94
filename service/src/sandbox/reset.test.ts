import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, it } from "vitest";
import { MAX_JOBS_PER_WORKER } from "./workerFactory.js";
import { startService, workersOf, type RunningService } from "./test-helpers/startService.js";

/**
 * A reused Python worker starts every job from its sealed state (worker/pythonReset.ts). The
 * real service, one worker per language, runs a stream of jobs that each first look for every
 * trace an earlier job could have left, then plant their own everywhere Python lets them
 * without leaving the instance. Which worker ran a job is told from outside, by process id.
 */
/** With the one job before them that reads the import finders, two workers' worth: 1,000. */
const JOBS = 2 * MAX_JOBS_PER_WORKER.python - 1;

/** Looks for traces (names starting with the prefix), then plants its own; returns what it found. */
const WRITE_THEN_READ = String.raw`
import builtins, statistics, sys, random, re, decimal, os, warnings, gc
PREFIX = "MARK-"
token = PREFIX + data["token"]
def marked(keys):
    return any(isinstance(k, (str, bytes)) and (k if isinstance(k, str) else k.decode("latin-1")).startswith(PREFIX) for k in keys)
found = [name for name, seen in [
    ("builtins", marked(vars(builtins))),
    ("a module's attributes", marked(vars(statistics))),
    ("sys.modules", marked(sys.modules)),
    ("sys.path", marked(sys.path)),
    ("the re cache", any(PREFIX in repr(k) for c in (getattr(re, "_cache", {}), getattr(re, "_cache2", {})) for k in c)),
    ("the decimal context", decimal.getcontext().prec != 28),
    ("os.environ", marked(os.environ)),
    ("warnings filters", any(PREFIX in repr(f) for f in warnings.filters)),
    ("the collector switched off", not gc.isenabled()),
    ("a trace function", sys.gettrace() is not None),
    ("a recursion limit", sys.getrecursionlimit() == 4321),
    ("an import finder", len(sys.meta_path) != data["metaPath"]),
    ("any dict key", data["deep"] and any(isinstance(o, dict) and marked(o) for o in gc.get_objects())),
] if seen]
drawn = random.random()
setattr(builtins, token, 1)
setattr(statistics, token, 1)
statistics.mean = lambda xs: token
sys.modules[token] = sys
sys.path.append(token)
re.compile(token)
decimal.getcontext().prec = 5
os.environ[token] = "1"
warnings.filterwarnings("ignore", message=token)
sys.setrecursionlimit(4321)
sys.meta_path.append(type("Finder", (), {"find_spec": staticmethod(lambda *a: None)})())
gc.disable()
sys.settrace(lambda *a: None)
{"found": found, "random": drawn}
`;

let service: RunningService;

async function execute(code: string, data: unknown = null, status = "ok"): Promise<Record<string, unknown>> {
  const response = await fetch(`${service.url}/execute`, {
    method: "POST",
    headers: { authorization: `Bearer ${service.token}`, "content-type": "application/json" },
    body: JSON.stringify({ language: "python", code, data }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.equal(body.status, status, JSON.stringify(body).slice(0, 500));
  return body;
}

/**
 * The pid of the one Python worker, once it is idle: with one worker a language, the next job runs
 * there. A retired worker is replaced once it has exited, so while the pool has no idle Python
 * worker the old one may still be listed, or none.
 */
async function pythonWorker(): Promise<number> {
  let python: number[] = [];
  for (let attempt = 0; attempt < 400; attempt++) {
    python = workersOf(service.pid).filter(isPythonWorker);
    if (python.length === 1 && (await idlePythonWorkers()) === 1) return python[0] as number;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`expected one idle Python worker of the service, found: ${python.join(", ") || "none"}`);
}

async function idlePythonWorkers(): Promise<number> {
  const body = (await (await fetch(`${service.url}/health/ready`)).json()) as { pools?: { python?: { idle: number } } };
  return body.pools?.python?.idle ?? 0;
}

function isPythonWorker(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes("python");
  } catch {
    return false;
  }
}

beforeAll(async () => {
  service = await startService({ SANDBOX_POOL_SIZE: "1", SANDBOX_QUEUE_SIZE: "4" });
});

afterAll(async () => {
  if (service.alive()) await service.stop();
});

describe("a reused Python worker", () => {
  it(`shows no job a trace of any earlier one over ${JOBS + 1} jobs, and retires each worker after ${MAX_JOBS_PER_WORKER.python}`, async () => {
    const metaPath = (await execute("import sys\nlen(sys.meta_path)")).result as number;
    const workers: number[] = [];
    const draws = new Set<number>();
    for (let job = 0; job < JOBS; job++) {
      workers.push(await pythonWorker());
      const deep = job % 50 === 49;
      const { result } = await execute(WRITE_THEN_READ, { token: String(job), metaPath, deep });
      const { found, random } = result as { found: string[]; random: number };
      assert.deepEqual(found, [], `job ${job} found traces of an earlier job in: ${found.join(", ")}`);
      draws.add(random);
    }
    assert.equal(draws.size, JOBS, "every job draws its own random numbers");
    // The first call above ran on the first worker too: it served MAX - 1 of the probes.
    const firstWorkerJobs = MAX_JOBS_PER_WORKER.python - 1;
    assert.deepEqual(
      [new Set(workers.slice(0, firstWorkerJobs)).size, new Set(workers.slice(firstWorkerJobs)).size],
      [1, 1],
    );
    assert.notEqual(workers[0], workers[JOBS - 1], "the second worker is a new process");
  });

  it("retires its worker after a job that reaches outside the instance (a file written), and the next job sees none of it", async () => {
    const before = await pythonWorker();
    await execute("import builtins\nbuiltins.MARK_LEFT = 1\n1");
    assert.equal(await pythonWorker(), before, "a job that stayed inside the instance keeps its worker");
    await execute("import builtins\nbuiltins.MARK_LEFT = 1\nopen('/tmp/mark', 'w').write('x')");
    const { result } = await execute(
      "import builtins, os\n[hasattr(builtins, 'MARK_LEFT'), os.path.exists('/tmp/mark')]",
    );
    assert.deepEqual(result, [false, false]);
    assert.notEqual(await pythonWorker(), before, "the file's job retired its worker");
  });

  it("retires its worker after a job whose runtime failed (the WebAssembly stack overflowed), and the next job runs", async () => {
    const before = await pythonWorker();
    const overflow = "import sys\nsys.setrecursionlimit(10 ** 6)\ndef f(n):\n    return f(n + 1)\nf(0)";
    const { error } = await execute(overflow, null, "error");
    assert.match(String(error), /^the Python runtime failed/);
    assert.deepEqual((await execute("[sum(range(10)), __import__('sys').getrecursionlimit()]")).result, [45, 1000]);
    assert.notEqual(await pythonWorker(), before, "the failed runtime's worker was retired");
  });

  it("has counted each retirement above by why, in sandbox_workers_retired_total", async () => {
    const text = await (await fetch(service.metricsUrl)).text();
    const count = (reason: string) =>
      Number(
        new RegExp(`^sandbox_workers_retired_total\\{language="python",reason="${reason}"\\} (\\d+)$`, "m").exec(
          text,
        )?.[1],
      );
    // outside_instance: the job that wrote the file, and the one that looked for it (a stat).
    assert.deepEqual(["last_job", "outside_instance", "runtime_failed", "limit", "exited"].map(count), [2, 2, 1, 0, 0]);
  });
});
