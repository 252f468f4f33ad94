import { afterAll, beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import type { UpResult } from "@pulumi/pulumi/automation/index.js";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import {
  destroy,
  preview,
  recover,
  refresh,
  StackLockedError,
  up,
  UpdateInterruptedError,
} from "../../infra/automation/index.js";
import { run } from "../../infra/exec/run.js";
import { say } from "../../infra/exec/progress.js";
import { psqlIn } from "../support/docker.js";
import type { LiveEnvironment } from "../support/environment.js";
import { killUpAtFirstContainer } from "../support/killedUp.js";
import { pulumiEnvironment, purgeDocker, testProject, type TestProject } from "../support/pulumiStack.js";
import { databaseRolesSuite } from "../support/suites/databaseRoles.js";
import { hardeningSuite } from "../support/suites/hardening.js";
import { isolationSuite } from "../support/suites/isolation.js";
import { QUIET_BACKUP, QUIET_OBJECTIVES } from "../support/quietSchedule.js";

/**
 * The local stack applied for real: `pulumi up` of the Docker target by the engine this repository
 * builds (CLI, language host, providers), through the Automation API wrapper, with the policy pack.
 * The same hardening suite as the Compose rendering then runs against the containers the engine made.
 */
const STACK = "citestpulumi";
const PORT = Number(process.env.VERIFIER_TEST_PULUMI_PORT ?? 18743);

let project: TestProject;
let applied: UpResult;
let env: LiveEnvironment;
const lines: string[] = [];
const options = () => ({ stack: STACK, root: project.dir, env: project.env, onOutput: (l: string) => lines.push(l) });

beforeAll(async () => {
  project = await testProject(STACK, "local", { httpsPort: PORT, backup: QUIET_BACKUP, objectives: QUIET_OBJECTIVES });
  say(`… pulumi up ${STACK} (a real engine; project ${project.dir})`);
  applied = await up(options()).catch((e: Error) => {
    say(lines.join(""));
    throw e;
  });
  env = pulumiEnvironment(project, applied.outputs);
});

afterAll(async () => {
  if (!project) return;
  await destroy({ ...options(), confirmed: true }).catch((e: Error) =>
    say(`pulumi destroy ${STACK} failed: ${e.message}`),
  );
  await purgeDocker(project.model); // the kept data volumes, and anything a failed run left
  project.remove();
});

test("pulumi up from nothing succeeds with the policy pack and creates the stack's every resource", () => {
  assert.equal(applied.summary.result, "succeeded");
  assert.ok(
    (applied.summary.resourceChanges?.create ?? 0) > 40,
    `created ${JSON.stringify(applied.summary.resourceChanges)}`,
  );
  assert.deepEqual(
    Object.keys(applied.summary.resourceChanges ?? {}).filter((k) => k !== "create"),
    [],
  );
  assert.equal(env.url, `https://127.0.0.1:${PORT}`);
  assert.equal(applied.outputs.adminApiKey?.secret, true);
});

hardeningSuite(() => env);
isolationSuite(() => env);
databaseRolesSuite(() => env);

test("idempotent: a preview expecting no changes passes, and refresh finds no drift", async () => {
  const planned = await preview({ ...options(), expectNoChanges: true });
  assert.deepEqual(
    Object.keys(planned.changeSummary).filter((k) => k !== "same"),
    [],
  );
  const refreshed = await refresh(options());
  assert.equal(refreshed.summary.result, "succeeded");
  assert.deepEqual(
    Object.keys(refreshed.summary.resourceChanges ?? {}).filter((k) => k !== "same"),
    [],
    JSON.stringify(refreshed.summary.resourceChanges),
  );
});

let fingerprint: () => Promise<string>;
let kept = "";
let names: { ps: string[]; network: string[] };

const named = async (kind: "ps" | "network" | "volume") =>
  (
    await run(
      kind === "ps"
        ? ["docker", "ps", "-a", "--format", "{{.Names}}"]
        : ["docker", kind, "ls", "--format", "{{.Name}}"],
    )
  )
    .split("\n")
    .filter((n) => n.startsWith(`${project.model.project}-`))
    .sort();

test("destroy removes every container and network and keeps the data and backup volumes", async () => {
  const p = project.model.project;
  const psql = (sql: string) => psqlIn(`${p}-postgres`, sql);
  await psql(
    "CREATE TABLE kept_rows (id int PRIMARY KEY, note text NOT NULL); INSERT INTO kept_rows SELECT g, md5(g::text) FROM generate_series(1, 2000) g",
  );
  fingerprint = () =>
    psql("SELECT count(*) || ':' || md5(string_agg(id || '=' || note, ',' ORDER BY id)) FROM kept_rows");
  kept = await fingerprint();
  names = { ps: await named("ps"), network: await named("network") };

  const destroyed = await destroy({ ...options(), confirmed: true });
  assert.equal(destroyed.summary.result, "succeeded");
  assert.deepEqual(await named("ps"), []);
  assert.deepEqual(await named("network"), []);
  assert.deepEqual(await named("volume"), [`${p}-backups`, `${p}-pgdata`, `${p}-prometheus-data`]);
});

test("an up killed with kill -9 after its first container: up names the dead lock and pending operations; recover, then up converges with nothing duplicated and the data found", async () => {
  const started = Date.now();
  const killed = await killUpAtFirstContainer(project);
  say(
    `… killed pulumi up and ${killed.killed.length - 1} processes below it once ${killed.firstContainer} existed (${Date.now() - started} ms)`,
  );
  let err0!: UpdateInterruptedError;
  await assert.rejects(up(options()), (err: unknown) => {
    assert.ok(err instanceof UpdateInterruptedError, String(err));
    err0 = err;
    assert.equal(err.locks.length, 1);
    assert.equal(err.locks[0]!.pid, killed.killed[0]);
    // Killed within 100 ms of the first container's appearance: container creates are still in flight.
    assert.match(err.message, /\n {2}- pending: creating docker:index\/container:Container \S+ \(\S+\)\n/);
    return true;
  });

  // A lock whose holder runs (this very process) is never removed: recovery refuses and touches nothing.
  const live = join(dirname(err0.locks[0]!.file), "live-holder.json");
  writeFileSync(
    live,
    JSON.stringify({ pid: process.pid, username: "test", hostname: hostname(), timestamp: new Date().toISOString() }),
  );
  await assert.rejects(recover(options()), StackLockedError);
  assert.deepEqual(
    readdirSync(dirname(live)).sort(),
    [basename(err0.locks[0]!.file), `${basename(err0.locks[0]!.file)}.attrs`, "live-holder.json"].sort(),
  );
  rmSync(live);

  const settled = await recover(options());
  assert.equal(settled.removeLocks.length, 2); // the lock and its .attrs
  say(
    `… recovered ${STACK}: adopted ${settled.adopt.length}, removed ${settled.discard.length}, dropped ${settled.drop.length} (${Date.now() - started} ms since the kill began)`,
  );
  const again = await up(options());
  assert.equal(again.summary.result, "succeeded");
  assert.deepEqual(await named("ps"), names.ps); // each container exactly once, none missing
  assert.deepEqual(await named("network"), names.network);
  assert.equal(await fingerprint(), kept);
  assert.match(kept.trim(), /^2000:[0-9a-f]{32}$/);
});
