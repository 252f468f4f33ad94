// The sandbox against the approach it replaces, side by side in one run: per-job overhead of a warm
// sandbox job (Python and JavaScript, from service/src/sandbox/bench.ts) vs a hardened
// `docker run --rm --network none` of python3 per job. Prints JSON.
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

async function dockerPerJob(image: string, jobs: number): Promise<number[]> {
  const argv = oneOffArgv({ image, network: "none", user: "65534:65534", limits: { memoryMiB: 128, pids: 64 } }, [
    "python3",
    "-c",
    "import statistics; print(statistics.mean([1,2,3,4]))",
  ]);
  const ms: number[] = [];
  for (let i = 0; i < jobs; i++) {
    const t0 = performance.now();
    await run(argv);
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b);
}

const q = (xs: number[], p: number) => Number((xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0).toFixed(1));

const image = await pythonImage();
const docker = await dockerPerJob(image, Number(values["docker-jobs"]));
const sandboxRun = spawnSync(
  process.execPath,
  ["--import", "tsx", "src/sandbox/bench.ts", "--python-jobs", "30", "--js-jobs", "100"],
  {
    cwd: new URL("../service/", import.meta.url).pathname,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 << 20,
  },
);
const sandbox = JSON.parse(sandboxRun.stdout.slice(sandboxRun.stdout.indexOf("{"))) as Record<string, any>;
const dockerFig = {
  p50_ms: q(docker, 0.5),
  p99_ms: q(docker, 0.99),
  jobs_per_s: Number((1000 / (docker.reduce((a, b) => a + b, 0) / docker.length)).toFixed(2)),
};
const p50 = (lang: string, mode = "warm"): number | undefined => sandbox[lang]?.[mode]?.roundTripMs?.p50;
const speedup = (lang: string, mode?: string): number | null =>
  p50(lang, mode) ? Number((dockerFig.p50_ms / p50(lang, mode)!).toFixed(1)) : null;
process.stdout.write(
  `${JSON.stringify(
    {
      docker_run_python3: { image, jobs: docker.length, ...dockerFig },
      sandbox,
      // "warm": the next job as soon as one worker is idle (replacements may be booting); "isolated": the whole pool idle.
      p50_speedup_python: speedup("python"),
      p50_speedup_javascript: speedup("javascript"),
      p50_speedup_python_isolated: speedup("python", "isolated"),
      p50_speedup_javascript_isolated: speedup("javascript", "isolated"),
    },
    null,
    2,
  )}\n`,
);
