import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { HOST_POSTGRES } from "../test-helpers/host-services.js";
import { buildTestApp, redisReady, type TestApp } from "../test-helpers/test-app.js";
import { buildMetricsServer } from "./metrics-server.js";

let test: TestApp;
let metricsServer: FastifyInstance;
const base = { api: "", metrics: "" };

beforeAll(async () => {
  test = buildTestApp(HOST_POSTGRES.adminDatabase);
  // A parameterised route shows that the label is the pattern, not the URL.
  test.app.get("/items/:id", async () => ({ ok: true }));
  metricsServer = buildMetricsServer(test.metrics);
  await test.app.listen({ host: "127.0.0.1", port: 0 });
  await metricsServer.listen({ host: "127.0.0.1", port: 0 });
  base.api = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
  base.metrics = `http://127.0.0.1:${(metricsServer.server.address() as AddressInfo).port}`;
  await redisReady(test.redis);
});

afterAll(async () => {
  await metricsServer.close();
  await test.close();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${base.metrics}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain/);
  return response.text();
}

describe("metrics", () => {
  it("counts requests by route pattern, method and status on the metrics listener", async () => {
    for (const path of ["/health/live", "/health/live", "/items/41", "/items/42", "/no/such/path?q=1"]) {
      await (await fetch(`${base.api}${path}`)).arrayBuffer();
    }
    const text = await scrape();
    assert.match(text, /^http_requests_total\{route="\/health\/live",method="GET",status="200"\} 2$/m);
    assert.match(text, /^http_requests_total\{route="\/items\/:id",method="GET",status="200"\} 2$/m);
    assert.match(text, /^http_requests_total\{route="unmatched",method="GET",status="404"\} 1$/m);
    assert.match(text, /^http_request_duration_seconds_count\{route="\/items\/:id",method="GET",status="200"\} 2$/m);
    assert.match(
      text,
      /^http_request_duration_seconds_bucket\{le="\+Inf",route="\/health\/live",method="GET",status="200"\} 2$/m,
    );
    assert.match(text, /^http_requests_in_flight 0$/m);
    assert.ok(!text.includes("/items/41") && !text.includes("/no/such/path"), "raw URLs must never become labels");
  });

  it("times the readiness queries and exposes the default process metrics", async () => {
    assert.equal((await fetch(`${base.api}/health/ready`)).status, 200);
    const text = await scrape();
    assert.match(text, /^db_query_duration_seconds_count\{operation="readiness"\} 1$/m);
    assert.match(text, /^process_cpu_user_seconds_total \d/m);
    assert.match(text, /^nodejs_eventloop_lag_seconds \d/m);
  });

  it("answers 404 for /metrics on the API port", async () => {
    const response = await fetch(`${base.api}/metrics`);
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { code: string }).code, "NOT_FOUND");
  });
});
