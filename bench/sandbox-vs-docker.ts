// The sandbox against the approach it replaces, side by side in one run: the round trip of a sandbox
// job in the steady state (Python and JavaScript, back to back and with 4 clients, from
// service/src/sandbox/bench.ts) vs a hardened `docker run --rm --network none` of python3 per job,
// with issue 18's targets for Python jobs (p50 <= 25 ms, >= 40x docker run, >= 40 jobs/s) and
// whether each is met. Prints JSON.
// Run: node --import tsx bench/sandbox-vs-docker.ts [--docker-jobs 20]
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { run } from "../infra/exec/run.js";
import { oneOffArgv } from "../infra/model/oneOff.js";
import { CACHE_DIR } from "../infra/images/build.js";
import { runtimeTag } from "../infra/images/plan.js";
import { buildRuntime, ensureBase } from "../infra/images/rootfs.js";
import type { RuntimeSpec } from "../infra/images/specs.js";

const { values } = parseArgs({ options: { "docker-jobs": { type: "string", default: "20" } } });
const PYTHON: RuntimeSpec = { name: "bench-python", packages: ["python3"], users: [], scripts: [] };

async function pythonImage(): Promise<string> {
  const tag = runtimeTag(PYTHON, {});
  const have = await run(["docker", "image", "ls", "-q", tag]);
  if (!have.trim()) await buildRuntime(PYTHON, tag, await ensureBase(CACHE_DIR));
  return tag;
}

/** `jobs` hardened `docker run`s of python3, `clients` at a time; each one's wall time, sorted. */
async function dockerPerJob(image: string, jobs: number, clients: number): Promise<number[]> {
  const argv = oneOffArgv({ image, network: "none", user: "65534:65534", limits: { memoryMiB: 128, pids: 64 } }, [
    "python3",
    "-c",
    "import statistics; print(statistics.mean([1,2,3,4]))",
  ]);
  const ms: number[] = [];
  let remaining = jobs;
  const client = async (): Promise<void> => {
    while (remaining-- > 0) {
      const t0 = performance.now();
      await run(argv);
      ms.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return ms.sort((a, b) => a - b);
}

const q = (xs: number[], p: number) => Number((xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0).toFixed(1));

const image = await pythonImage();
const CLIENTS = 4;
const docker = await dockerPerJob(image, Number(values["docker-jobs"]), 1);
const dockerConcurrent = await dockerPerJob(image, Number(values["docker-jobs"]), CLIENTS);
const sandboxRun = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "src/sandbox/bench.ts",
    "--python-jobs",
    "1000",
    "--js-jobs",
    "1000",
    "--clients",
    String(CLIENTS),
  ],
  {
    cwd: new URL("../service/", import.meta.url).pathname,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 << 20,
  },
);
const sandbox = JSON.parse(sandboxRun.stdout.slice(sandboxRun.stdout.indexOf("{"))) as Record<string, any>;
const figures = (ms: number[], clients: number) => ({
  clients,
  p50_ms: q(ms, 0.5),
  p99_ms: q(ms, 0.99),
  jobs_per_s: Number(((clients * 1000) / (ms.reduce((a, b) => a + b, 0) / ms.length)).toFixed(2)),
});
const dockerFig = { backToBack: figures(docker, 1), concurrent: figures(dockerConcurrent, CLIENTS) };
const p50 = (lang: string, mode: string): number => sandbox[lang][mode].roundTripMs.p50;
/** Docker's p50 over the sandbox's, each at the same concurrency (the idle pool against one client at a time). */
const speedup = (lang: string, mode: string): number => {
  const against = mode === "concurrent" ? dockerFig.concurrent : dockerFig.backToBack;
  return Number((against.p50_ms / p50(lang, mode)).toFixed(1));
};
const target = (figure: number, bound: number, atMost: boolean) => ({
  figure,
  target: `${atMost ? "<=" : ">="} ${bound}`,
  met: atMost ? figure <= bound : figure >= bound,
});
process.stdout.write(
  `${JSON.stringify(
    {
      docker_run_python3: { image, jobs: docker.length, ...dockerFig },
      sandbox,
      p50_speedup: Object.fromEntries(
        ["python", "javascript"].flatMap((lang) =>
          ["backToBack", "concurrent", "idlePool"].map((mode) => [`${lang}_${mode}`, speedup(lang, mode)]),
        ),
      ),
      python_targets: {
        p50_ms_back_to_back: target(p50("python", "backToBack"), 25, true),
        p50_ms_concurrent: target(p50("python", "concurrent"), 25, true),
        speedup_back_to_back: target(speedup("python", "backToBack"), 40, false),
        speedup_concurrent: target(speedup("python", "concurrent"), 40, false),
        jobs_per_s_concurrent: target(sandbox.python.concurrent.jobsPerSecond, 40, false),
      },
    },
    null,
    2,
  )}\n`,
);
