import { test } from "vitest";
import assert from "node:assert/strict";
import { judgeSmoke, smokeUrls } from "./smokeRequests.js";

test("every base is asked the model's smoke requests, in order", () => {
  assert.deepEqual(smokeUrls(["http://api-blue-1:8080", "https://127.0.0.1:19444"]), [
    "http://api-blue-1:8080/health/ready",
    "http://api-blue-1:8080/health/live",
    "http://api-blue-1:8080/metrics",
    "https://127.0.0.1:19444/health/ready",
    "https://127.0.0.1:19444/health/live",
    "https://127.0.0.1:19444/metrics",
  ]);
});

test("answers by URL or by path: the refused path needs a refusal, the rest the colour's 2xx", () => {
  const answers = [
    { target: "http://api-blue-1:8080/health/ready", status: 200, colour: "blue" },
    { target: "http://api-blue-1:8080/metrics", status: 404 },
    { target: "/metrics", status: 200, colour: "blue" },
  ];
  assert.deepEqual(judgeSmoke(answers, { colour: "blue" }), {
    ok: false,
    total: 3,
    passed: 2,
    failures: ["1× /metrics → 200 (expected a refusal: 403 or 404)"],
  });
});
