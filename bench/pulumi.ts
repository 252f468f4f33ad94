import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { destroy, preview, up as pulumiUp } from "../infra/automation/index.js";
import { ENGINE_BINARIES, ensureEngine } from "../infra/automation/engine.js";
import { down } from "../infra/local/down.js";
import { up as composeUp } from "../infra/local/up.js";
import { purgeDocker, testProject } from "../tests/support/pulumiStack.js";
import { REPO_ROOT } from "./stack.js";

/**
 * The Pulumi engine against the Compose rendering of the same model, side by side in one run (rounds
 * alternate, so a slower minute of the host hurts both): `up` of the local stack's model from nothing,
 * `preview` with no change, `destroy`/`down`; and the engine's own build: a cache hit, a rebuild of
 * every component with a warm Go build cache, and (`--cold`) with an empty one. Prints one JSON.
 */
const { values } = parseArgs({
  options: { rounds: { type: "string", default: "2" }, cold: { type: "boolean", default: false } },
});
const ROUNDS = Number(values.rounds);

const seconds = async (work: () => Promise<unknown>): Promise<number> => {
  const t = Date.now();
  await work();
  return (Date.now() - t) / 1000;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function engineBuild(env: NodeJS.ProcessEnv): number {
  const t = Date.now();
  execFileSync("bash", [join(REPO_ROOT, "engine", "build.sh")], { env, stdio: ["ignore", "ignore", "inherit"] });
  return (Date.now() - t) / 1000;
}

async function engineFigures() {
  const bin = ensureEngine(REPO_ROOT);
  const hit = engineBuild(process.env);
  const cache = mkdtempSync(join(tmpdir(), "verifier-engine-bench-"));
  try {
    const warm = engineBuild({ ...process.env, VERIFIER_ENGINE_CACHE: join(cache, "warm") });
    const cold = values.cold
      ? engineBuild({ ...process.env, VERIFIER_ENGINE_CACHE: join(cache, "cold"), GOCACHE: join(cache, "gocache") })
      : null;
    const sizesMiB = Object.fromEntries(
      ENGINE_BINARIES.map((b) => [b, Math.round((statSync(join(bin, b)).size / 2 ** 20) * 10) / 10]),
    );
    return { cacheHitSeconds: hit, warmGoCacheRebuildSeconds: warm, coldSeconds: cold, sizesMiB };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

async function round(i: number) {
  const instance = `benchcompose${i}`;
  const compose = {
    upSeconds: await seconds(() =>
      composeUp({ repoRoot: REPO_ROOT, stack: "local", instance, overrides: { httpsPort: 18660 + i } }),
    ),
    downSeconds: await seconds(() => down({ repoRoot: REPO_ROOT, instance, purge: true })),
  };
  const project = await testProject(`benchpulumi${i}`, "local", { httpsPort: 18670 + i });
  const opts = { stack: project.stackName, root: project.dir, env: project.env };
  try {
    return {
      compose,
      pulumi: {
        upSeconds: await seconds(() => pulumiUp(opts)),
        previewNoChangeSeconds: await seconds(() => preview({ ...opts, expectNoChanges: true })),
        destroySeconds: await seconds(() => destroy({ ...opts, confirmed: true })),
      },
    };
  } finally {
    await purgeDocker(project.model);
    project.remove();
  }
}

const engine = await engineFigures();
const rounds: Awaited<ReturnType<typeof round>>[] = [];
for (let i = 0; i < ROUNDS; i++) rounds.push(await round(i));
const med = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
console.log(
  JSON.stringify({
    engine,
    rounds,
    median: {
      composeUpSeconds: med((r) => r.compose.upSeconds),
      pulumiUpSeconds: med((r) => r.pulumi.upSeconds),
      pulumiUpOverComposeUp: Math.round((med((r) => r.pulumi.upSeconds) / med((r) => r.compose.upSeconds)) * 100) / 100,
      pulumiPreviewNoChangeSeconds: med((r) => r.pulumi.previewNoChangeSeconds),
      composeDownSeconds: med((r) => r.compose.downSeconds),
      pulumiDestroySeconds: med((r) => r.pulumi.destroySeconds),
    },
    notMeasured: "deploy, flip and rollback on a Pulumi stack: bench/pulumi-runbooks.ts measures them",
    notes: "pulumi up = the wrapper's preview (policy pack) + up; compose up = render, start, wait healthy, smoke",
  }),
);
