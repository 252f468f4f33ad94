import { afterAll, beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { loadStackConfig } from "../../infra/config/load.js";
import { run } from "../../infra/exec/run.js";
import { httpsRequest, type HttpsAnswer } from "../../infra/local/https.js";
import { localPaths } from "../../infra/local/paths.js";
import type { UpResult } from "../../infra/local/up.js";
import { buildTestRelease, removeTestReleases } from "../../bench/bluegreen-images.js";
import { restore, snapshot, type Snapshot } from "../../bench/bluegreen-instance.js";
import { startLoad } from "../../bench/load/client.js";
import { runOps } from "../../bench/bluegreen-ops.js";
import { colourPath } from "../../bench/load/samples.js";
import { activeOf, type Colour } from "../../runbooks/plan/types.js";
import { readReleases } from "../../runbooks/release/log.js";
import { parseStat, sessionsOf } from "../../runbooks/targets/compose/haproxyCommands.js";
import { ComposeTarget } from "../../runbooks/targets/compose/target.js";
import type { SwitchReport } from "../../runbooks/targets/target.js";
import { appVersionOf } from "../../runbooks/targets/version.js";
import { eventually } from "../support/docker.js";
import { REPO_ROOT, TEST_INSTANCE, TEST_OVERRIDES, useStack } from "../support/instance.js";

// Blue/green runbooks against the live test instance, driven through the real CLI as child processes.
// Serial; each test leaves the instance serving, and `after` puts it back as it was found.
const paths = localPaths(REPO_ROOT, TEST_INSTANCE);
const cfg = loadStackConfig("local", REPO_ROOT, TEST_OVERRIDES);
const opsArgs = (command: string, ...extra: string[]) => [
  command,
  "local",
  "--instance",
  TEST_INSTANCE,
  "--config",
  JSON.stringify(TEST_OVERRIDES),
  "--yes",
  ...extra,
];
const target = new ComposeTarget({
  repoRoot: REPO_ROOT,
  stack: "local",
  instance: TEST_INSTANCE,
  overrides: TEST_OVERRIDES,
});

let stack: UpResult;
let found: Snapshot;
let live: Colour;
let idle: Colour;
const releases: Record<"next" | "never-ready" | "overloaded", string> = { next: "", "never-ready": "", overloaded: "" };

const get = (path: string, timeoutMs = 15_000): Promise<HttpsAnswer> =>
  httpsRequest(`${stack.url}${path}`, { caFile: stack.caFile, timeoutMs });
const lastRelease = () => readReleases(paths.releaseLog).at(-1);

beforeAll(async () => {
  stack = await useStack();
  found = await snapshot(target, paths);
  ({ live, idle } = found);
  for (const kind of ["next", "never-ready", "overloaded"] as const)
    releases[kind] = await buildTestRelease(found.base, kind);
});

afterAll(async () => {
  if (found === undefined) return;
  await restore(target, paths, found);
  await removeTestReleases(Object.values(releases).filter(Boolean));
});

test("deploy then rollback under 200 req/s from a second process: no failed request, the colour switches once each way", {
  timeout: 300_000,
}, async (t) => {
  const load = startLoad({
    url: `${stack.url}/health/ready`,
    caFile: stack.caFile,
    rate: 200,
    workers: 32,
    durationMs: 280_000,
    signal: t.signal,
  });
  await sleep(2_000);
  let deployPid = 0;
  const deploying = runOps(opsArgs("deploy", "--image", releases.next), {
    signal: t.signal,
    onSpawn: (pid) => (deployPid = pid),
  });
  await eventually(async () => existsSync(paths.lock), Boolean, 30_000, 100);
  const second = await runOps(opsArgs("deploy", "--image", releases.next), { signal: t.signal });
  const deployed = await deploying;
  await sleep(2_000);
  const rolledBack = await runOps(opsArgs("rollback"), { signal: t.signal });
  await sleep(2_000);
  const report = await load.stop();

  assert.equal(second.code, 1, second.stderr);
  assert.equal((second.json.error as { code: string }).code, "LOCK_HELD");
  assert.match(
    (second.json.error as { message: string }).message,
    new RegExp(`held by .+@.+ \\(pid ${deployPid}, \`ops deploy local .*--image ${releases.next}`),
  );
  assert.equal(deployed.code, 0, deployed.stderr);
  assert.equal(rolledBack.code, 0, rolledBack.stderr);
  assert.equal(existsSync(paths.lock), false, "the deploy lock is released");
  assert.deepEqual(
    { non2xx: report.non2xx, errors: report.errors, samples: report.failureSamples },
    { non2xx: 0, errors: 0, samples: [] },
  );
  // Every worker of the load saw the live colour, then the idle one, then the live one again: the load
  // ran across both switches (its rate is a figure in the diagnostic below, not an assertion).
  assert.deepEqual(
    new Set(report.perWorker.map((runs) => colourPath(runs).join(" → "))),
    new Set([`${live} → ${idle} → ${live}`]),
  );
  const versions = new Set(
    report.perWorker.flatMap((runs) => runs.filter((r) => r.colour === idle).map((r) => r.version)),
  );
  assert.deepEqual(versions, new Set([appVersionOf(cfg, idle, releases.next)]));
  assert.deepEqual(
    readReleases(paths.releaseLog)
      .slice(-2)
      .map((r) => [r.command, r.from, r.to, r.outcome]),
    [
      ["deploy", live, idle, "success"],
      ["rollback", idle, live, "success"],
    ],
  );
  console.log(
    `${report.total} requests at ${report.achievedRate} req/s, max latency ${report.maxLatencyMs} ms; deploy ${deployed.endedAt - deployed.startedAt} ms, rollback ${rolledBack.endedAt - rolledBack.startedAt} ms`,
  );
});

test("an image whose smoke test fails: the deploy aborts, traffic never moves, the lock is released", {
  timeout: 240_000,
}, async (t) => {
  const seen = new Set<string>();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const res = await get("/health/ready");
      seen.add(`${res.status} ${res.headers["x-app-colour"]}`);
      await sleep(100);
    }
  })();
  const deployed = await runOps(opsArgs("deploy", "--image", releases["never-ready"]), { signal: t.signal });
  sampling = false;
  await sampler;
  assert.equal(deployed.code, 1);
  assert.equal((deployed.json.error as { code: string }).code, "SMOKE_FAILED");
  assert.match((deployed.json.error as { message: string }).message, /→ 503.*traffic never moved/);
  assert.deepEqual([...seen], [`200 ${live}`]);
  assert.equal(existsSync(paths.lock), false);
  assert.deepEqual([lastRelease()?.outcome, lastRelease()?.to], ["aborted", idle]);
  const o = await target.observe();
  assert.deepEqual(
    [activeOf(o), o.colours[idle].image, o.colours[idle].healthy],
    [live, releases.next, true],
    "the idle colour is back on its previous image, warm",
  );
});

test("an image that passes smoke but fails verification through the proxy: rolled back on its own, non-zero exit, logged", {
  timeout: 240_000,
}, async (t) => {
  const deployed = await runOps(opsArgs("deploy", "--image", releases.overloaded), { signal: t.signal });
  assert.equal(deployed.code, 1);
  const error = deployed.json.error as { code: string; message: string };
  assert.equal(error.code, "ROLLED_BACK");
  assert.match(
    error.message,
    /^verification through the proxy failed: .*→ 503.*rolled back on its own: traffic is back on /,
  );
  const steps = (deployed.json.detail as { steps: { step: { kind: string }; ok: boolean }[] }).steps;
  assert.deepEqual(
    steps.map((s) => [s.step.kind, s.ok]),
    [
      ["start", true],
      ["await-healthy", true],
      ["migrations", true],
      ["smoke", true],
      ["switch", true],
      ["verify", false],
    ],
  );
  const entry = lastRelease();
  assert.deepEqual([entry?.command, entry?.from, entry?.to, entry?.outcome], ["deploy", live, idle, "rolled-back"]);
  assert.match(entry?.error ?? "", /^\[VERIFY_FAILED\]/);
  const res = await get("/health/ready");
  assert.deepEqual([res.status, res.headers["x-app-colour"]], [200, live]);
  assert.equal(existsSync(paths.lock), false);
});

test("a slow request in flight during a flip completes 200 on the old colour; the flip drains it", {
  timeout: 180_000,
}, async (t) => {
  // The longest the route allows (30 s): several times what a flip takes to reach its switch, so the request spans it.
  const slow = get("/debug/slow?ms=30000", 60_000).then((answer) => ({ answer, doneAt: Date.now() }));
  const proxy = `${stack.project}-proxy`;
  const sessions = await eventually(
    async () => sessionsOf(parseStat(await run(["docker", "exec", proxy, "haproxy-cmd", "show stat"])), live),
    (n) => n >= 1,
    15_000,
    100,
  );
  assert.ok(sessions >= 1, "the slow request reached the live colour");
  const flipped = await runOps(opsArgs("flip"), { signal: t.signal });
  const { answer, doneAt } = await slow;
  assert.equal(flipped.code, 0, flipped.stderr);
  const switched = (flipped.json.steps as { step: { kind: string }; result: SwitchReport }[]).find(
    (s) => s.step.kind === "switch",
  )?.result;
  assert.ok(
    switched !== undefined && doneAt > Date.parse(switched.switchedAt),
    "the slow request was still in flight when the switch happened",
  );
  assert.deepEqual([answer.status, answer.headers["x-app-colour"]], [200, live]);
  assert.equal(switched.undrained, 0);
  const back = await runOps(opsArgs("flip", "--to", live), { signal: t.signal });
  assert.equal(back.code, 0, back.stderr);
  assert.equal((await get("/health/ready")).headers["x-app-colour"], live);
});
