import { test } from "vitest";
import assert from "node:assert/strict";
import { RunbookError } from "../cli/errors.js";
import { planFlip, planRollback } from "./flip.js";
import { V1, V2, V3, entry, gone, observed, unhealthy, warm } from "./fixture.js";
import { DEFAULT_PLAN_OPTIONS, type Step } from "./types.js";

const opts = DEFAULT_PLAN_OPTIONS;
const afterDeploy = [entry("blue", "green", { blue: V1, green: V2 })];

test("rollback to a warm previous colour: an instant switch, no container touched", () => {
  const o = observed({
    blue: warm("blue", V1),
    green: warm("green", V2),
    declared: { activeColour: "green" },
    releases: afterDeploy,
  });
  const plan = planRollback(o, opts);
  assert.deepEqual(plan.steps, [
    { kind: "smoke", colour: "blue", image: V1 },
    { kind: "switch", from: "green", to: "blue" },
    { kind: "verify", colour: "blue", image: V1, requests: 50 },
    { kind: "declare", state: { activeColour: "blue", releases: { blue: V1, green: V2 } } },
  ] satisfies Step[]);
  assert.deepEqual(plan.onVerifyFailed, [
    { kind: "switch", from: "blue", to: "green" },
    { kind: "verify", colour: "green", image: V2, requests: 50 },
  ] satisfies Step[]);
  assert.equal(plan.command, "rollback");
  assert.equal(plan.image, V1);
});

test("rollback when the previous colour is gone: the previous image from the release log is redeployed first", () => {
  const o = observed({
    blue: gone(),
    green: warm("green", V2),
    declared: { activeColour: "green" },
    releases: afterDeploy,
  });
  const plan = planRollback(o, opts);
  assert.deepEqual(plan.steps.slice(0, 3), [
    { kind: "start", colour: "blue", image: V1, render: { activeColour: "green", releases: { blue: V1, green: V2 } } },
    { kind: "await-healthy", colour: "blue" },
    { kind: "smoke", colour: "blue", image: V1 },
  ] satisfies Step[]);
});

test("rollback when the idle colour runs something else (a third release): the previous release is redeployed", () => {
  const releases = [...afterDeploy, entry("green", "blue", { blue: V3, green: V2 }, "rolled-back")];
  const o = observed({
    blue: warm("blue", V3),
    green: warm("green", V2),
    declared: { activeColour: "green" },
    releases,
  });
  const plan = planRollback(o, opts);
  assert.deepEqual(plan.steps[0], {
    kind: "start",
    colour: "blue",
    image: V1,
    render: { activeColour: "green", releases: { blue: V1, green: V2 } },
  });
});

test("rollback without a log: the warm idle colour is the previous release", () => {
  const o = observed({ blue: warm("blue", V1), green: warm("green", V2), declared: { activeColour: "green" } });
  assert.deepEqual(
    planRollback(o, opts).steps.map((s) => s.kind),
    ["smoke", "switch", "verify", "declare"],
  );
});

test("flip to a warm colour: instant; flip --to the live colour: nothing to do", () => {
  const o = observed({ blue: warm("blue", V1), green: warm("green", V2) });
  assert.deepEqual(
    planFlip(o, undefined, opts).steps.map((s) => s.kind),
    ["smoke", "switch", "verify", "declare"],
  );
  const same = planFlip(o, "blue", opts);
  assert.deepEqual(same.steps, []);
  assert.equal(same.noop, "blue already serves traffic");
});

test("flip to an unhealthy colour: its image is started again before the switch", () => {
  const o = observed({ blue: warm("blue", V1), green: unhealthy("green", V2) });
  assert.deepEqual(planFlip(o, "green", opts).steps.slice(0, 2), [
    { kind: "start", colour: "green", image: V2, render: { activeColour: "blue", releases: { blue: V1, green: V2 } } },
    { kind: "await-healthy", colour: "green" },
  ] satisfies Step[]);
});

test("flip to a gone colour uses its declared image", () => {
  const o = observed({ blue: warm("blue", V1), green: gone(), declared: { releases: { green: V2 } } });
  assert.deepEqual(planFlip(o, "green", opts).steps[0], {
    kind: "start",
    colour: "green",
    image: V2,
    render: { activeColour: "blue", releases: { blue: V1, green: V2 } },
  });
});

test("nothing known about the other colour: refused with a way forward", () => {
  const o = observed({ blue: warm("blue", V1), green: gone() });
  assert.throws(
    () => planRollback(o, opts),
    (err: unknown) =>
      err instanceof RunbookError && err.code === "NO_PREVIOUS_RELEASE" && /ops deploy/.test(err.message),
  );
});

test("dry run: flagged, same steps", () => {
  const o = observed({ blue: warm("blue", V1), green: warm("green", V2) });
  const dry = planFlip(o, undefined, { ...opts, dryRun: true });
  assert.equal(dry.dryRun, true);
  assert.deepEqual(dry.steps, planFlip(o, undefined, opts).steps);
});
