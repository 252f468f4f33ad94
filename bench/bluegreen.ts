// Blue/green figures on the live test instance, printed as JSON on stdout: deploy time (image →
// healthy → switched), switch time (command start → every load worker on the new colour), and
// requests/failures during each command at the load used. Run: node --import tsx bench/bluegreen.ts
import { setTimeout as sleep } from "node:timers/promises";
import { localPaths } from "../infra/local/paths.js";
import { ComposeTarget } from "../runbooks/targets/compose/target.js";
import { REPO_ROOT, TEST_INSTANCE, TEST_OVERRIDES, useStack } from "../tests/support/instance.js";
import { buildTestRelease, removeTestReleases } from "./bluegreen-images.js";
import { restore, snapshot } from "./bluegreen-instance.js";
import { startLoad, type LoadReport } from "./load/client.js";
import { runOps, type OpsRun } from "./bluegreen-ops.js";
import { allMovedAt, within } from "./load/samples.js";

/** The load during every command: requests per second from a second process. */
const RATE = 200;
const SETTLE_MS = 2_000;

const args = (command: string, ...extra: string[]) => [
  command,
  "local",
  "--instance",
  TEST_INSTANCE,
  "--config",
  JSON.stringify(TEST_OVERRIDES),
  "--yes",
  ...extra,
];
type StepReport = { step: { kind: string }; ms: number; result?: { joinMs?: number; drainMs?: number } };
const stepsOf = (run: OpsRun): StepReport[] => (run.json.steps ?? []) as StepReport[];
const sumMs = (steps: StepReport[], kinds: string[]): number =>
  steps.filter((s) => kinds.includes(s.step.kind)).reduce((n, s) => n + s.ms, 0);

/** One command's figures: its duration, the switch time seen by the load, each step, and the traffic it ran under. */
function figures(run: OpsRun, to: string, load: LoadReport) {
  const moved = allMovedAt(load.perWorker, to, run.startedAt);
  const steps = stepsOf(run);
  const switched = steps.find((s) => s.step.kind === "switch")?.result;
  const started = steps.some((s) => s.step.kind === "start");
  return {
    exitCode: run.code,
    commandMs: run.endedAt - run.startedAt,
    switchTimeMs: moved === undefined ? null : moved - run.startedAt,
    stepsMs: Object.fromEntries(steps.map((s) => [s.step.kind, s.ms])),
    joinMs: switched?.joinMs ?? null,
    drainMs: switched?.drainMs ?? null,
    imageToHealthyMs: started ? sumMs(steps, ["start", "await-healthy"]) : null,
    imageToSwitchedMs: started ? sumMs(steps, ["start", "await-healthy", "migrations", "smoke", "switch"]) : null,
    duringCommand: within(load, run.startedAt, run.endedAt),
  };
}

const stack = await useStack();
const paths = localPaths(REPO_ROOT, TEST_INSTANCE);
const target = new ComposeTarget({
  repoRoot: REPO_ROOT,
  stack: "local",
  instance: TEST_INSTANCE,
  overrides: TEST_OVERRIDES,
});
const found = await snapshot(target, paths);
const next = await buildTestRelease(found.base, "next");
try {
  const load = startLoad({
    url: `${stack.url}/health/ready`,
    caFile: stack.caFile,
    rate: RATE,
    workers: 32,
    durationMs: 240_000,
  });
  await sleep(SETTLE_MS);
  const deploy = await runOps(args("deploy", "--image", next));
  await sleep(SETTLE_MS);
  const rollback = await runOps(args("rollback"));
  await sleep(SETTLE_MS);
  const flip = await runOps(args("flip"));
  await sleep(SETTLE_MS);
  const flipBack = await runOps(args("flip", "--to", found.live));
  await sleep(SETTLE_MS);
  const report = await load.stop();
  const result = {
    load: {
      rate: RATE,
      achievedRate: report.achievedRate,
      workers: report.workers,
      total: report.total,
      non2xx: report.non2xx,
      errors: report.errors,
      maxLatencyMs: report.maxLatencyMs,
    },
    deploy: figures(deploy, found.idle, report),
    rollback: figures(rollback, found.live, report),
    flip: figures(flip, found.idle, report),
    flipBack: figures(flipBack, found.live, report),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await restore(target, paths, found);
  await removeTestReleases([next]);
}
