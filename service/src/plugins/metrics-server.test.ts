import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import { freePort } from "../test-helpers/ports.js";
import { createMetrics } from "./metrics.js";
import { buildMetricsServer, listenMetricsServer, MetricsHostError } from "./metrics-server.js";

/** A stand-in sandbox: /metrics answers like prom-client, /broken answers 500. */
let sandbox: Server;
let sandboxBase = "";
const SANDBOX_BODY = 'sandbox_jobs_total{language="python"} 3\n';
const PROM_TYPE = "text/plain; version=0.0.4; charset=utf-8";

beforeAll(async () => {
  sandbox = createServer((request, response) => {
    if (request.url === "/metrics") response.writeHead(200, { "content-type": PROM_TYPE }).end(SANDBOX_BODY);
    else response.writeHead(500, { "content-type": "text/plain" }).end("collection failed\n");
  });
  await new Promise<void>((resolve) => sandbox.listen(0, "127.0.0.1", resolve));
  sandboxBase = `http://127.0.0.1:${(sandbox.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => sandbox.close(() => resolve()));
});

async function scrapeSandbox(url: string | undefined) {
  const server = buildMetricsServer(createMetrics(), undefined, url);
  try {
    return await server.inject({ method: "GET", url: "/metrics/sandbox" });
  } finally {
    await server.close();
  }
}

describe("metrics server: /metrics/sandbox relay", () => {
  it("passes the sandbox's body and content-type through", async () => {
    const response = await scrapeSandbox(`${sandboxBase}/metrics`);
    assert.equal(response.statusCode, 200);
    assert.equal(String(response.headers["content-type"]), PROM_TYPE);
    assert.equal(response.body, SANDBOX_BODY);
  });

  it("answers 502 naming the URL and the status when the sandbox answers 500", async () => {
    const url = `${sandboxBase}/broken`;
    const response = await scrapeSandbox(url);
    assert.equal(response.statusCode, 502);
    assert.match(String(response.headers["content-type"]), /^text\/plain/);
    assert.equal(response.body, `sandbox metrics at ${url} unavailable: answered 500\n`);
  });

  it("answers 502 naming the URL and the cause when nothing listens", async () => {
    const url = `http://127.0.0.1:${await freePort()}/metrics`;
    const response = await scrapeSandbox(url);
    assert.equal(response.statusCode, 502);
    assert.equal(response.body, `sandbox metrics at ${url} unavailable: ECONNREFUSED\n`);
  });

  it("has no /metrics/sandbox route when no URL is configured, and still serves /metrics", async () => {
    assert.equal((await scrapeSandbox(undefined)).statusCode, 404);
    const server = buildMetricsServer(createMetrics());
    const own = await server.inject({ method: "GET", url: "/metrics" });
    await server.close();
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /^process_cpu_user_seconds_total \d/m);
  });
});

describe("metrics server: listening on METRICS_HOST", () => {
  it("listens on an address of this host", async () => {
    const server = buildMetricsServer(createMetrics());
    try {
      assert.match(await listenMetricsServer(server, "127.0.0.1", 0), /^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await server.close();
    }
  });

  for (const [host, causes] of [
    ["no-such-alias.invalid", /getaddrinfo (ENOTFOUND|EAI_AGAIN) no-such-alias\.invalid/],
    ["192.0.2.1", /EADDRNOTAVAIL/],
  ] as const) {
    it(`fails with METRICS_HOST_UNUSABLE naming METRICS_HOST=${host}`, async () => {
      const server = buildMetricsServer(createMetrics());
      const error = await listenMetricsServer(server, host, 0).then(
        () => assert.fail(`listening on ${host} should fail`),
        (caught: unknown) => caught,
      );
      await server.close();
      assert.ok(error instanceof MetricsHostError);
      assert.equal(error.code, "METRICS_HOST_UNUSABLE");
      assert.ok(error.message.startsWith(`METRICS_HOST: received "${host}" (listening on port 0 failed: `));
      assert.match(error.message, causes);
      assert.match(error.message, /this container's alias on the metrics network .*never 0\.0\.0\.0 there$/);
    });
  }
});
