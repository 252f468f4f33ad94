import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { startLoad, type LoadReport, type Target } from "../../bench/load/client.js";
import { mixTargets } from "../../bench/load/mix.js";
import { colourPath } from "../../bench/load/samples.js";
import { createKeys } from "./pulumiOps.js";

export interface LoadedRun<R> {
  result: R;
  ms: number;
  /** Each load worker's sequence of colours (e.g. "blue → green"). */
  paths: Set<string>;
}

/**
 * Runs an ops command under mixed load at `url` (10 req/s over 4 workers, from a second before the
 * command to a second after), and every request must succeed: every route of `mix` asked, each only
 * ever answered 200. `ok` says whether the command itself succeeded (its message when not). Prints one
 * line with the duration and the counts per route.
 */
export async function opsUnderLoad<R>(
  load: { url: string; caFile?: string; mix: Target[] },
  command: string,
  run: () => Promise<R>,
  ok: (result: R) => string | undefined,
): Promise<LoadedRun<R>> {
  const running = startLoad({ ...load, targets: load.mix, rate: 10, workers: 4, durationMs: 900_000 });
  await sleep(1_000);
  const started = Date.now();
  const result = await run();
  const ms = Date.now() - started;
  await sleep(1_000);
  const report: LoadReport = await running.stop();
  const failed = ok(result);
  assert.equal(failed, undefined, `ops ${command}: ${failed}`);
  assert.deepEqual(
    { non2xx: report.non2xx, errors: report.errors, samples: report.failureSamples },
    { non2xx: 0, errors: 0, samples: [] },
  );
  const routes = [...new Set(load.mix.map((m) => m.label))].sort();
  assert.deepEqual(Object.keys(report.byLabel).sort(), routes, "every route of the mix was asked during the command");
  for (const [route, outcomes] of Object.entries(report.byLabel))
    assert.deepEqual(Object.keys(outcomes), ["200"], `${route}: ${JSON.stringify(outcomes)}`);
  const counts = Object.entries(report.byLabel)
    .map(([route, o]) => `${route} ${o["200"]}`)
    .join(", ");
  console.log(
    `ops ${command}: ${ms} ms; ${report.total} requests at ${report.achievedRate} req/s, none failed (${counts})`,
  );
  return { result, ms, paths: new Set(report.perWorker.map((runs) => colourPath(runs).join(" → "))) };
}

/** A small JavaScript job (QuickJS in the sandbox container), its input varied per request. */
const SANDBOX_JOB = JSON.stringify({
  language: "javascript",
  code: "data.xs.reduce((a, b) => a + b, 0)",
  data: { xs: [1, 2, "{n}"] },
}).replace('"{n}"', "{n}");

/**
 * The mixed load of the runbook suites, with keys made through the stack's admin API: GET /health/live,
 * POST to each verification engine and a batch (two analyst keys), and POST /sandbox/execute (an operator key).
 */
export async function opsMix(
  url: string,
  caFile: string | undefined,
  adminKey: string,
  name: string,
): Promise<Target[]> {
  const [analyst1, analyst2, operator] = await createKeys(
    url,
    caFile,
    adminKey,
    ["analyst", "analyst", "operator"],
    name,
  );
  return [
    ...mixTargets([analyst1!, analyst2!]),
    {
      label: "sandbox_javascript",
      method: "POST",
      path: "/sandbox/execute",
      headers: { "x-api-key": operator! },
      body: SANDBOX_JOB,
    },
  ];
}

/** The steps of `ops deploy`, in order, as its JSON answer lists them (runbooks/plan). */
export const DEPLOY_STEPS = ["start", "await-healthy", "migrations", "smoke", "switch", "verify", "declare"];

/** Each step of an ops JSON answer as [kind, ok]. */
export const stepsOf = (answer: Record<string, any>): [string, boolean][] =>
  answer.steps.map((s: { step: { kind: string }; ok: boolean }) => [s.step.kind, s.ok]);
