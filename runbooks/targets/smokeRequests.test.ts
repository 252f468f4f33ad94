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

test("a base with a path of its own (a Service behind the API server's proxy): the refused request is still known", () => {
  const base = "http://127.0.0.1:8001/api/v1/namespaces/verifier/services/api-preview:http/proxy";
  const answers = [
    { target: `${base}/health/ready`, status: 200, colour: "green" },
    { target: `${base}/metrics`, status: 404 },
  ];
  assert.deepEqual(judgeSmoke(answers, { colour: "green" }), { ok: true, total: 2, passed: 2, failures: [] });
});
