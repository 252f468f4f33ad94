import { test } from "vitest";
import assert from "node:assert/strict";
import { planDeploy } from "./deploy.js";
import { V1, V2, gone, observed, warm } from "./fixture.js";
import { DEFAULT_PLAN_OPTIONS, type Step } from "./types.js";

const opts = DEFAULT_PLAN_OPTIONS;

test("fresh stack: the image boots on green, migrates, is smoked, switched, verified, then declared", () => {
  const plan = planDeploy(observed({ blue: warm("blue", V1), green: warm("green", V1) }), V2, opts);
  assert.equal(plan.from, "blue");
  assert.equal(plan.to, "green");
  assert.equal(plan.image, V2);
  assert.deepEqual(plan.before, { blue: V1, green: V1 });
  assert.deepEqual(plan.images, { blue: V1, green: V2 });
  assert.deepEqual(plan.steps, [
    { kind: "start", colour: "green", image: V2, render: { activeColour: "blue", releases: { blue: V1, green: V2 } } },
    { kind: "await-healthy", colour: "green" },
    { kind: "migrations", colour: "green" },
    { kind: "smoke", colour: "green", image: V2 },
    { kind: "switch", from: "blue", to: "green" },
    { kind: "verify", colour: "green", image: V2, requests: 50 },
    { kind: "declare", state: { activeColour: "green", releases: { blue: V1, green: V2 } } },
  ] satisfies Step[]);
  assert.equal(plan.noop, undefined);
  assert.equal(plan.dryRun, false);
});

test("verification failed: traffic goes back to blue, is verified there, and green returns to the image it ran", () => {
  const plan = planDeploy(observed({ blue: warm("blue", V1), green: warm("green", V1) }), V2, opts);
  assert.deepEqual(plan.onVerifyFailed, [
    { kind: "switch", from: "green", to: "blue" },
    { kind: "verify", colour: "blue", image: V1, requests: 50 },
    { kind: "start", colour: "green", image: V1, render: { activeColour: "blue", releases: { blue: V1, green: V1 } } },
    { kind: "await-healthy", colour: "green" },
  ] satisfies Step[]);
  assert.deepEqual(plan.onEarlyFailure, plan.onVerifyFailed.slice(2));
});

test("green live (declared and serving): the image goes on blue, green stays warm as the previous release", () => {
  const o = observed({
    blue: warm("blue", V1),
    green: warm("green", V2),
    declared: { activeColour: "green", releases: { blue: V1, green: V2 } },
  });
  const plan = planDeploy(o, "verifier/api:v3", opts);
  assert.equal(plan.from, "green");
  assert.equal(plan.to, "blue");
  assert.deepEqual(plan.steps.at(-1), {
    kind: "declare",
    state: { activeColour: "blue", releases: { blue: "verifier/api:v3", green: V2 } },
  });
});

test("the proxy serves another colour than declared (an interrupted run): the plan starts from what serves", () => {
  const o = observed({
    blue: warm("blue", V1),
    green: warm("green", V2),
    declared: { activeColour: "blue" },
    serving: "green",
  });
  const plan = planDeploy(o, "verifier/api:v3", opts);
  assert.deepEqual([plan.from, plan.to], ["green", "blue"]);
});

test("the image already runs warm on the idle colour: no restart, straight to smoke and switch", () => {
  const plan = planDeploy(observed({ blue: warm("blue", V1), green: warm("green", V2) }), V2, opts);
  assert.deepEqual(
    plan.steps.map((s) => s.kind),
    ["smoke", "switch", "verify", "declare"],
  );
  assert.deepEqual(plan.onEarlyFailure, []);
});

test("the idle colour is gone: it is started; nothing to restore if the deploy fails early", () => {
  const plan = planDeploy(observed({ blue: warm("blue", V1), green: gone() }), V2, opts);
  assert.deepEqual(
    plan.steps.slice(0, 3).map((s) => s.kind),
    ["start", "await-healthy", "migrations"],
  );
  assert.deepEqual(plan.onEarlyFailure, []);
  assert.deepEqual(plan.onVerifyFailed, [
    { kind: "switch", from: "green", to: "blue" },
    { kind: "verify", colour: "blue", image: V1, requests: 50 },
  ]);
});

test("the image already serves: nothing to do, and the plan says why", () => {
  const plan = planDeploy(observed({ blue: warm("blue", V1), green: warm("green", V2) }), V1, opts);
  assert.deepEqual(plan.steps, []);
  assert.equal(plan.noop, `blue already serves ${V1}`);
  assert.deepEqual([plan.from, plan.to], ["blue", "blue"]);
});

test("dry run: the same steps, marked as a dry run", () => {
  const o = observed({ blue: warm("blue", V1), green: warm("green", V1) });
  const dry = planDeploy(o, V2, { ...opts, dryRun: true });
  assert.equal(dry.dryRun, true);
  assert.deepEqual(dry.steps, planDeploy(o, V2, opts).steps);
});

test("the burst size is the caller's", () => {
  const plan = planDeploy(observed({ blue: warm("blue", V1), green: warm("green", V1) }), V2, {
    ...opts,
    verifyRequests: 7,
  });
  assert.deepEqual(
    plan.steps.find((s) => s.kind === "verify"),
    { kind: "verify", colour: "green", image: V2, requests: 7 },
  );
});
