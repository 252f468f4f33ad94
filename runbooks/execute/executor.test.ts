import { test } from "vitest";
import assert from "node:assert/strict";
import { RunbookError } from "../cli/errors.js";
import { planDeploy } from "../plan/deploy.js";
import { V1, V2, observed, warm } from "../plan/fixture.js";
import { planRollback } from "../plan/flip.js";
import { DEFAULT_PLAN_OPTIONS } from "../plan/types.js";
import { execute, type Progress } from "./executor.js";
import { FakeTarget } from "./fakeTarget.js";

const quiet: Progress = (_label, work) => work();
const stack = () => observed({ blue: warm("blue", V1), green: warm("green", V1) });
const deploy = () => planDeploy(stack(), V2, DEFAULT_PLAN_OPTIONS);

test("every step succeeds: success, steps in plan order, nothing recovered", async () => {
  const target = new FakeTarget(stack());
  const run = await execute(deploy(), target, quiet);
  assert.equal(run.outcome, "success");
  assert.deepEqual(target.calls, [
    `start:green:${V2}`,
    "await-healthy:green",
    "migrations:green",
    "smoke:green",
    "switch:blue→green",
    "verify:green",
    "declare:green",
  ]);
  assert.deepEqual(run.recovery, []);
  assert.equal(run.error, undefined);
});

test("smoke fails: traffic never moves, green goes back to its previous image, outcome aborted", async () => {
  const target = new FakeTarget(stack(), ["smoke:green"]);
  const run = await execute(deploy(), target, quiet);
  assert.equal(run.outcome, "aborted");
  assert.deepEqual(target.calls, [
    `start:green:${V2}`,
    "await-healthy:green",
    "migrations:green",
    "smoke:green",
    `start:green:${V1}`,
    "await-healthy:green",
  ]);
  assert.equal(run.error?.code, "SMOKE_FAILED");
  assert.ok(!target.calls.some((c) => c.startsWith("switch")));
});

test("verification fails: switched back and verified on blue, green restored, never declared: rolled-back", async () => {
  const target = new FakeTarget(stack(), ["verify:green"]);
  const run = await execute(deploy(), target, quiet);
  assert.equal(run.outcome, "rolled-back");
  assert.deepEqual(target.calls.slice(4), [
    "switch:blue→green",
    "verify:green",
    "switch:green→blue",
    "verify:blue",
    `start:green:${V1}`,
    "await-healthy:green",
  ]);
  assert.equal(run.error?.code, "VERIFY_FAILED");
  assert.match(
    run.error?.message ?? "",
    /^verification through the proxy failed: 0\/50 passed; 50× \/health\/ready → 503$/,
  );
});

test("the way back fails too: outcome failed, recovery stops there, the original error is kept", async () => {
  const target = new FakeTarget(stack(), ["verify:green", "switch:green→blue"]);
  const run = await execute(deploy(), target, quiet);
  assert.equal(run.outcome, "failed");
  assert.deepEqual(
    run.recovery.map((r) => [r.step.kind, r.ok]),
    [["switch", false]],
  );
  assert.equal(run.error?.code, "VERIFY_FAILED");
});

test("the switch fails before its batch: nothing moved, so the early-failure path runs", async () => {
  const run = await execute(deploy(), new FakeTarget(stack(), ["switch:blue→green"]), quiet);
  assert.equal(run.outcome, "aborted");
  assert.equal(run.error?.code, "SWITCH_FAILED");
});

test("the switch fails after its batch: traffic moved, so it is switched back", async () => {
  const target = new FakeTarget(stack(), ["switch-moved:blue→green"]);
  const run = await execute(deploy(), target, quiet);
  assert.equal(run.outcome, "rolled-back");
  assert.ok(target.calls.includes("switch:green→blue"));
});

test("declaring the state fails after a verified switch: traffic goes back so what serves is what is declared", async () => {
  const target = new FakeTarget(stack(), ["declare:green"]);
  const run = await execute(deploy(), target, quiet);
  assert.equal(run.outcome, "rolled-back");
  assert.equal(run.error?.code, "DEPLOY_FAILED");
  assert.equal(run.error?.message, "declare failed: declare:green broke");
});

test("an instant rollback touches no container", async () => {
  const o = observed({ blue: warm("blue", V1), green: warm("green", V2), declared: { activeColour: "green" } });
  const target = new FakeTarget(o);
  assert.equal((await execute(planRollback(o, DEFAULT_PLAN_OPTIONS), target, quiet)).outcome, "success");
  assert.deepEqual(target.calls, ["smoke:blue", "switch:green→blue", "verify:blue", "declare:blue"]);
});

test("a dry-run plan is refused: it changes nothing", async () => {
  const target = new FakeTarget(stack());
  const dry = planDeploy(stack(), V2, { ...DEFAULT_PLAN_OPTIONS, dryRun: true });
  await assert.rejects(execute(dry, target, quiet), (e: unknown) => e instanceof RunbookError && e.code === "USAGE");
  assert.deepEqual(target.calls, []);
});

test("a target that cannot smoke a colour directly is refused before the first step: nothing runs, nothing is restored", async () => {
  const target = new FakeTarget(stack(), [], { directSmoke: { able: false, why: "stack t has no preview listeners" } });
  await assert.rejects(
    execute(deploy(), target, quiet),
    (e: unknown) =>
      e instanceof RunbookError &&
      e.code === "TARGET_UNSUPPORTED" &&
      e.message ===
        "deploy would smoke green directly (not through the proxy), but stack t has no preview listeners; nothing was changed",
  );
  assert.deepEqual(target.calls, []);
});
