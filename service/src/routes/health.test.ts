import assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import { eventually } from "../test-helpers/eventually.js";
import { HOST_POSTGRES, HOST_REDIS } from "../test-helpers/host-services.js";
import { freePort, silentListener } from "../test-helpers/ports.js";
import { startTcpProxy } from "../test-helpers/tcp-proxy.js";
import { buildTestApp, redisReady, type TestApp } from "../test-helpers/test-app.js";

const DATABASE = HOST_POSTGRES.adminDatabase; // readiness only runs SELECT 1
const opened: TestApp[] = [];
afterAll(async () => {
  for (const test of opened) await test.close();
});

/** An app on the host services; waits for Redis unless the test moved it elsewhere. */
async function open(overrides: Record<string, string> = {}, readinessTimeoutMs?: number): Promise<TestApp> {
  const test = buildTestApp(DATABASE, overrides, readinessTimeoutMs);
  opened.push(test);
  if (overrides.REDIS_PORT === undefined) await redisReady(test.redis);
  return test;
}

async function ready(test: TestApp): Promise<{ status: number; body: unknown }> {
  const response = await test.app.inject({ method: "GET", url: "/health/ready" });
  return { status: response.statusCode, body: response.json() };
}

const READY = { status: "ready", checks: { postgres: "ok", redis: "ok" } };

describe("GET /health/live", () => {
  it("answers 200 ok even when every dependency is down", async () => {
    const test = await open({ DATABASE_PORT: String(await freePort()), REDIS_PORT: String(await freePort()) });
    const response = await test.app.inject({ method: "GET", url: "/health/live" });
    assert.deepEqual([response.statusCode, response.json()], [200, { status: "ok" }]);
  });
});

describe("GET /health/ready", () => {
  it("answers 200 when Postgres and Redis both answer", async () => {
    assert.deepEqual(await ready(await open()), { status: 200, body: READY });
  });

  it("a burst of 20 readiness requests shares one probe: one Postgres connection, all answered ready", async () => {
    const test = await open();
    const answers = await Promise.all(Array.from({ length: 20 }, () => ready(test)));
    assert.deepEqual(
      answers,
      Array.from({ length: 20 }, () => ({ status: 200, body: READY })),
    );
    assert.equal(test.pool.totalCount, 1);
  });

  it("answers 503 when Redis is on a closed port", async () => {
    const test = await open({ REDIS_PORT: String(await freePort()) });
    assert.deepEqual(await ready(test), {
      status: 503,
      body: { status: "not_ready", checks: { postgres: "ok", redis: "fail" } },
    });
  });

  it("answers 503 when Postgres is on a closed port", async () => {
    const test = await open({ DATABASE_PORT: String(await freePort()) });
    assert.deepEqual(await ready(test), {
      status: 503,
      body: { status: "not_ready", checks: { postgres: "fail", redis: "ok" } },
    });
  });

  // That it answers at the probe deadline, not at the clients' own connect timeouts, is shown without a clock in readiness.test.ts.
  it("answers 503 when both dependencies accept and never reply", async () => {
    const [postgres, redis] = [await silentListener(), await silentListener()];
    const test = await open({ DATABASE_PORT: String(postgres.port), REDIS_PORT: String(redis.port) }, 300);
    assert.deepEqual(await ready(test), {
      status: 503,
      body: { status: "not_ready", checks: { postgres: "fail", redis: "fail" } },
    });
    await Promise.all([postgres.close(), redis.close()]); // fails the pending connects, so close() is quick
  });

  it("answers 503 while draining, with healthy dependencies", async () => {
    const test = await open();
    test.drain.start();
    assert.deepEqual(await ready(test), {
      status: 503,
      body: { status: "not_ready", checks: { postgres: "ok", redis: "ok" } },
    });
  });

  it("recovers by itself when Postgres comes back", async () => {
    const proxy = await startTcpProxy({ host: HOST_POSTGRES.host, port: HOST_POSTGRES.port });
    const test = await open({ DATABASE_PORT: String(proxy.port) });
    assert.deepEqual(await ready(test), { status: 200, body: READY });
    await proxy.cut();
    assert.equal((await ready(test)).status, 503);
    await proxy.restore();
    assert.deepEqual(await ready(test), { status: 200, body: READY });
    await proxy.cut();
  });

  it("recovers by itself when Redis comes back", async () => {
    const proxy = await startTcpProxy({ host: HOST_REDIS.host, port: HOST_REDIS.port });
    const test = await open({ REDIS_PORT: String(proxy.port) });
    await redisReady(test.redis);
    await proxy.cut();
    assert.equal((await ready(test)).status, 503);
    await proxy.restore();
    // ioredis reconnects on its own schedule (at most 2 s apart).
    await eventually(async () => (await ready(test)).status === 200, 8_000);
    assert.deepEqual(await ready(test), { status: 200, body: READY });
    await proxy.cut();
  });
});
