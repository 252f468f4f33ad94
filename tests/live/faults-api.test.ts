import { afterAll, beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { run } from "../../infra/exec/run.js";
import { localPaths } from "../../infra/local/paths.js";
import { up, type UpResult } from "../../infra/local/up.js";
import { failureRatio, startLoad, type LoadReport } from "../../bench/load/client.js";
import { within } from "../../bench/load/samples.js";
import { restore, snapshot, type Snapshot } from "../../bench/bluegreen-instance.js";
import { runOps } from "../../bench/bluegreen-ops.js";
import { otherColour, type Colour } from "../../runbooks/plan/types.js";
import { allUp, servingColour } from "../../runbooks/targets/compose/haproxyCommands.js";
import { ComposeTarget } from "../../runbooks/targets/compose/target.js";
import { BACKUP_GID } from "../../infra/model/services/postgres.js";
import { SERVICE_UIDS } from "../../infra/model/users.js";
import { backupMetrics, logsSince, runsTotal } from "../support/backupJob.js";
import { eventually, inspect } from "../support/docker.js";
import { REPO_ROOT, TEST_INSTANCE, TEST_OVERRIDES, adminKey, containerName } from "../support/instance.js";
import { opsMix } from "../support/opsUnderLoad.js";
import { createKeys } from "../support/pulumiOps.js";
import { slowSandboxJobs, statusAndResult } from "../support/slowJobs.js";
import { proxyOnRenderedConfig, proxyStatsOrNone, sessionsOn } from "../support/proxy.js";
import { listeningAfter, restartCount, watchRecovery } from "../support/recovery.js";
import { FILLER, mountSmallDisk } from "../support/smallDisk.js";

// API-side faults under steady load from a second process, on the test instance with TWO api replicas
// per colour. `after` puts the instance back as it was found: one replica, the colour it served.
const REPLICAS = 2;
const OVERRIDES = { ...TEST_OVERRIDES, apiReplicas: REPLICAS };
const paths = localPaths(REPO_ROOT, TEST_INSTANCE);
const target = new ComposeTarget({
  repoRoot: REPO_ROOT,
  stack: "local",
  instance: TEST_INSTANCE,
  overrides: OVERRIDES,
});
const opsArgs = (command: string, ...extra: string[]) => [
  command,
  "local",
  "--instance",
  TEST_INSTANCE,
  "--config",
  JSON.stringify(OVERRIDES),
  "--yes",
  ...extra,
];

/** Slow sandbox jobs sent just before the kill: round robin puts about half on the replica that dies. */
const SLOW_JOBS = 4;

const brief = (r: LoadReport): string =>
  JSON.stringify({
    total: r.total,
    failed: r.non2xx + r.errors,
    ratio: failureRatio(r),
    byStatus: r.byStatus,
    byLabel: r.byLabel,
    achievedRate: r.achievedRate,
    firstFailureMs: r.firstFailureMs,
    lastFailureMs: r.lastFailureMs,
    latencyMs: r.latencyMs,
    samples: r.failureSamples.slice(0, 6),
  });

let stack: UpResult;
let found: Snapshot;
let serving: Colour;

beforeAll(async () => {
  stack = await up({ repoRoot: REPO_ROOT, stack: "local", instance: TEST_INSTANCE, overrides: OVERRIDES });
  serving = await proxyOnRenderedConfig(stack, REPLICAS);
  found = await snapshot(target, paths);
});

afterAll(async () => {
  if (found !== undefined) await restore(target, paths, found);
  const back = await up({ repoRoot: REPO_ROOT, stack: "local", instance: TEST_INSTANCE, overrides: TEST_OVERRIDES });
  await proxyOnRenderedConfig(back, back.model.services.filter((s) => s.name.startsWith("api-blue-")).length);
});

test("kill -9 of an active api replica under mixed load: every route answers 200, the POSTs it was running are replayed elsewhere, it restarts and is UP again", {
  timeout: 180_000,
}, async () => {
  const mix = await opsMix(stack.url, stack.caFile, adminKey(), "faults-kill");
  const [operator] = await createKeys(stack.url, stack.caFile, adminKey(), ["operator"], "faults-kill-slow");
  const killed = `${serving}-1`;
  const api = containerName(stack, `api-${killed}`);
  const restartsBefore = await restartCount(api);
  const load = startLoad({
    url: stack.url,
    caFile: stack.caFile,
    targets: mix,
    rate: 30,
    workers: 8,
    durationMs: 90_000,
  });
  await sleep(3000);
  // Requests that are on the replica when it dies, whatever the load happens to have in flight then.
  const slow = slowSandboxJobs(stack.url, stack.caFile, operator!, SLOW_JOBS, 1500);
  await sleep(500); // the jobs reached their replicas and spin (or wait for a sandbox worker)
  const onKilled = await eventually(
    async () => sessionsOn(await proxyStatsOrNone(stack), killed),
    (n) => n >= 1,
    10_000,
    50,
  );
  const pid = (await inspect(api)).State.Pid;
  const killedAt = Date.now();
  process.kill(pid, "SIGKILL"); // the process dies as in a crash: Docker's restart policy must bring it back
  const recovery = await watchRecovery(stack, api, killed, killedAt, restartsBefore);
  const slowAnswers = await Promise.all(slow);
  await sleep(3000);
  const report = await load.stop();
  console.log(
    `recovery after kill -9 (ms from the kill): ${JSON.stringify({ ...recovery, listeningMs: await listeningAfter(api, killedAt) })}`,
  );
  console.log(`in flight on ${killed} at the kill: ${onKilled}; load: ${brief(report)}`);
  assert.ok(recovery.runningMs !== null, "Docker restarted the killed container");
  assert.ok(recovery.proxyUpMs !== null, "the proxy has the restarted replica UP again within 60 s");
  assert.ok(recovery.healthyMs !== null, "the restarted replica reports healthy within 60 s");
  assert.deepEqual(
    statusAndResult(slowAnswers),
    Array.from({ length: SLOW_JOBS }, (_, i) => [200, "EXECUTED", "ok", i]),
    "every slow job answered with its own result, those the killed replica held replayed on its peer",
  );
  // The load ran throughout: every worker sent requests before the kill and after the replica was healthy again.
  const healthyAt = killedAt + recovery.healthyMs!;
  const spans = report.perWorker.map((runs) => [runs[0]!.firstSentAt < killedAt, runs.at(-1)!.lastSentAt > healthyAt]);
  assert.deepEqual(
    spans,
    spans.map(() => [true, true]),
    `the load ran throughout (${report.total} requests at ${report.achievedRate} req/s)`,
  );
  const routes = [...new Set(mix.map((m) => m.label))].sort();
  assert.deepEqual(Object.keys(report.byLabel).sort(), routes, "every route of the mix was asked");
  for (const [route, outcomes] of Object.entries(report.byLabel))
    assert.deepEqual(Object.keys(outcomes), ["200"], `${route}: ${JSON.stringify(outcomes)} (${brief(report)})`);
  assert.ok(allUp(await proxyStatsOrNone(stack), serving), "every replica of the serving colour is UP: full capacity");
});

test("proxy restarted under load after a flip: failures only while it restarts, requests succeed after, the flipped colour still serves", {
  timeout: 300_000,
}, async (t) => {
  const flipped = otherColour(serving);
  // Setup, not the subject: a verification that meets a 503 from an overloaded host rolls the flip back (as it must); try again.
  let flip = await runOps(opsArgs("flip", "--to", flipped), { signal: t.signal });
  for (
    let attempt = 2;
    attempt <= 3 && (flip.json.error as { code?: string } | undefined)?.code === "ROLLED_BACK";
    attempt += 1
  ) {
    console.log(`flip attempt ${attempt - 1} rolled back: ${(flip.json.error as { message: string }).message}`);
    flip = await runOps(opsArgs("flip", "--to", flipped), { signal: t.signal });
  }
  assert.equal(flip.code, 0, flip.stderr);
  assert.equal(servingColour(await proxyStatsOrNone(stack)), flipped, `the flip moved traffic to ${flipped}`);

  const load = startLoad({
    url: `${stack.url}/health/live`,
    caFile: stack.caFile,
    rate: 100,
    workers: 16,
    durationMs: 90_000,
  });
  await sleep(8000);
  const restartedAt = Date.now();
  await run(["docker", "restart", containerName(stack, "proxy")], { timeoutMs: 120_000 });
  const stats = await eventually(
    () => proxyStatsOrNone(stack),
    (s) => servingColour(s) !== undefined && allUp(s, servingColour(s)!),
    60_000,
    200,
  );
  const servingAt = Date.now();
  await sleep(5000);
  const report = await load.stop();
  const [restartMs, backMs] = [restartedAt - report.startedAt, servingAt - report.startedAt];
  console.log(
    `proxy restart issued at ${restartMs} ms, serving again at ${backMs} ms (${backMs - restartMs} ms); load ${brief(report)}`,
  );
  assert.equal(
    servingColour(stats),
    flipped,
    `after the restart the proxy still serves ${flipped}, the declared colour`,
  );
  assert.ok(report.total >= 100 * 8, `the load ran (${report.total} requests)`);
  // What fails is what was in flight when the proxy went away (sent shortly before) and what was sent while it was down.
  const early = within(report, report.startedAt, restartedAt - 3000);
  const late = within(report, servingAt + 1000, report.endedAt);
  assert.deepEqual(
    [early.failed, late.failed],
    [0, 0],
    `no failure among ${early.requests} requests sent over 3 s before the restart nor ${late.requests} sent after it served again`,
  );
  assert.ok(
    early.requests >= 100 && late.requests >= 100,
    `load on both sides of the restart (${early.requests} before, ${late.requests} after)`,
  );
  const again = startLoad({ url: `${stack.url}/health/live`, caFile: stack.caFile, rate: 100, durationMs: 3000 });
  const settled = await again.done;
  assert.equal(
    settled.non2xx + settled.errors,
    0,
    `every request succeeds after the restart: ${JSON.stringify(settled.byStatus)}`,
  );
});

test("backup volume full: the run fails visibly (exit 1, ENOSPC, failure metric), verified backups stay as they were, no partial file", {
  timeout: 600_000,
}, async (t) => {
  const disk = await mountSmallDisk(64, { uid: SERVICE_UIDS.backup, gid: BACKUP_GID });
  const overrides = { ...OVERRIDES, backup: { ...OVERRIDES.backup, location: disk.dir } };
  const backupArgs = ["backup", "local", "--instance", TEST_INSTANCE, "--config", JSON.stringify(overrides), "--yes"];
  const job = containerName(stack, "backup");
  try {
    await up({ repoRoot: REPO_ROOT, stack: "local", instance: TEST_INSTANCE, overrides });
    const first = await runOps(backupArgs, { signal: t.signal });
    assert.equal(first.code, 0, `a backup on the empty volume succeeds: ${first.stderr}`);
    const kept = disk.digests();
    assert.ok(
      Object.keys(kept).some((f) => f.endsWith(".dump")),
      `a verified dump is on the volume: ${Object.keys(kept).join(", ")}`,
    );
    disk.fill(Math.floor(Number(first.json.size_bytes) / 2)); // room for half a dump: the write starts, then fails

    const full = await runOps(backupArgs, { signal: t.signal });
    const error = full.json.error as { code: string; message: string } | undefined;
    console.log(`ops backup on a full volume: exit ${full.code}, ${JSON.stringify(error)}`);
    assert.equal(full.code, 1);
    assert.equal(error?.code, "BACKUP_FAILED");
    assert.match(error?.message ?? "", /ENOSPC|no space/i, "the error names the full disk");
    assert.deepEqual(disk.digests(), kept, "the verified backup is untouched and no partial file is left");

    const failuresBefore = runsTotal(await backupMetrics(job), "failure");
    const nudgedAt = new Date().toISOString();
    await run(["docker", "kill", "--signal", "SIGUSR2", job]); // the scheduled run, now: its outcome lands in the job's metrics
    const failuresAfter = await eventually(
      async () => runsTotal(await backupMetrics(job), "failure"),
      (n) => n > failuresBefore,
      180_000,
      1000,
    );
    const logs = await logsSince(job, nudgedAt);
    console.log(`backup_runs_total{outcome="failure"} ${failuresBefore} -> ${failuresAfter}`);
    assert.equal(failuresAfter, failuresBefore + 1, "the scheduled run on the full volume is counted as a failure");
    assert.match(logs, /scheduled backup failed/);
    assert.match(logs, /ENOSPC|no space/i);
    assert.deepEqual(disk.digests(), kept, "still untouched after the scheduled run");
  } finally {
    rmSync(join(disk.dir, FILLER), { force: true });
    await up({ repoRoot: REPO_ROOT, stack: "local", instance: TEST_INSTANCE, overrides: OVERRIDES }); // back on its own volume
    await disk.remove();
  }
});
