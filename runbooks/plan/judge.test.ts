import { test } from "vitest";
import assert from "node:assert/strict";
import { judge, summary, type Answer } from "./judge.js";

const ok = (target = "/health/ready"): Answer => ({ target, status: 200, colour: "green", version: "v2" });

test("all 2xx from the expected colour and version: passed", () => {
  assert.deepEqual(judge([ok(), ok(), { ...ok(), status: 204 }], { colour: "green", version: "v2" }), {
    ok: true,
    total: 3,
    passed: 3,
    failures: [],
  });
});

test("identical problems are counted once, each kind named", () => {
  const answers: Answer[] = [
    ok(),
    { ...ok(), status: 503 },
    { ...ok(), status: 503 },
    { ...ok(), colour: "blue" },
    { target: "/health/ready", error: "ECONNRESET" },
  ];
  const v = judge(answers, { colour: "green", version: "v2" });
  assert.deepEqual(v, {
    ok: false,
    total: 5,
    passed: 1,
    failures: ["2× /health/ready → 503", "1× x-app-colour blue (expected green)", "1× /health/ready: ECONNRESET"],
  });
  assert.equal(
    summary(v),
    "1/5 passed; 2× /health/ready → 503; 1× x-app-colour blue (expected green); 1× /health/ready: ECONNRESET",
  );
});

test("a clean verdict reads as a count alone", () => {
  assert.equal(summary(judge([ok(), ok()], { colour: "green" })), "2/2 passed");
});

test("the version is checked only when it is known", () => {
  assert.equal(judge([{ ...ok(), version: "other" }], { colour: "green" }).ok, true);
  assert.deepEqual(judge([{ ...ok(), version: undefined }], { colour: "green", version: "v2" }).failures, [
    "1× x-app-version missing (expected v2)",
  ]);
});

test("no answers is a failure, never a pass", () => {
  assert.deepEqual(judge([], { colour: "blue" }), { ok: false, total: 0, passed: 0, failures: ["no answers at all"] });
});

test("a request that must be refused passes on 403 or 404 without colour or version, and fails when served", () => {
  const refusal = (status: number): Answer => ({ target: "/metrics", status, refusal: true });
  assert.deepEqual(judge([ok(), refusal(404), refusal(403)], { colour: "green", version: "v2" }), {
    ok: true,
    total: 3,
    passed: 3,
    failures: [],
  });
  assert.deepEqual(judge([refusal(200)], { colour: "green" }).failures, [
    "1× /metrics → 200 (expected a refusal: 403 or 404)",
  ]);
});
