import assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { buildApp } from "./app.js";
import { createLogger } from "./logger.js";
import { HOST_POSTGRES } from "./test-helpers/host-services.js";
import { buildTestApp, type TestApp } from "./test-helpers/test-app.js";

const opened: TestApp[] = [];
afterAll(async () => {
  for (const test of opened) await test.close();
});

function open(overrides: Record<string, string> = {}): TestApp {
  const test = buildTestApp(HOST_POSTGRES.adminDatabase, { APP_COLOUR: "green", APP_VERSION: "1.2.3", ...overrides });
  opened.push(test);
  return test;
}

function identity(response: LightMyRequestResponse): unknown[] {
  return [response.headers["x-app-colour"], response.headers["x-app-version"], typeof response.headers["x-request-id"]];
}

describe("buildApp", () => {
  it("stamps colour, version and request id on success, 404 and 500 responses", async () => {
    const test = open();
    test.app.get("/boom", async () => {
      throw new Error("connect ECONNREFUSED 10.1.2.3:5432 password=hunter2");
    });
    for (const url of ["/health/live", "/nowhere", "/boom"]) {
      assert.deepEqual(identity(await test.app.inject({ method: "GET", url })), ["green", "1.2.3", "string"], url);
    }
  });

  it("answers a 5xx with a generic body, a stable code and the request id, never the cause", async () => {
    const test = open();
    test.app.get("/boom", async () => {
      throw new Error("connect ECONNREFUSED 10.1.2.3:5432 password=hunter2");
    });
    const response = await test.app.inject({ method: "GET", url: "/boom" });
    assert.deepEqual(response.json(), {
      statusCode: 500,
      code: "INTERNAL_ERROR",
      error: "Internal Server Error",
      message: "Internal Server Error",
      requestId: response.headers["x-request-id"],
    });
    assert.ok(!response.body.includes("10.1.2.3") && !response.body.includes("hunter2"));
  });

  it("logs the cause of a 5xx with the request id", async () => {
    const test = open();
    const lines: Array<Record<string, any>> = [];
    const logger = createLogger({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const app = buildApp({ config: test.config, pool: test.pool, redis: test.redis, logger });
    app.get("/boom", async () => {
      throw new Error("disk on fire");
    });
    const response = await app.inject({ method: "GET", url: "/boom" });
    await app.close();
    const logged = lines.find((line) => line.msg === "request failed");
    assert.deepEqual([logged?.err?.message, logged?.reqId], ["disk on fire", response.headers["x-request-id"]]);
  });

  it("keeps a 4xx error's code and message", async () => {
    const test = open();
    test.app.get("/conflict", async () => {
      throw Object.assign(new Error("key already exists"), { statusCode: 409, code: "KEY_EXISTS" });
    });
    const response = await test.app.inject({ method: "GET", url: "/conflict" });
    assert.deepEqual(response.json(), {
      statusCode: 409,
      code: "KEY_EXISTS",
      error: "Conflict",
      message: "key already exists",
      requestId: response.headers["x-request-id"],
    });
  });

  it("answers unknown routes with a coded 404", async () => {
    const response = await open().app.inject({ method: "POST", url: "/nowhere" });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(
      [response.json().code, response.json().message],
      ["NOT_FOUND", "No route matches this method and path"],
    );
  });

  it("answers a served path asked with another method with a coded 405 naming the methods in Allow", async () => {
    const test = open();
    const response = await test.app.inject({ method: "DELETE", url: "/health/live?x=1" });
    const batch = await test.app.inject({ method: "PUT", url: "/verify/batch/some-id" });
    assert.deepEqual(
      [response.statusCode, response.headers.allow, response.json().code, response.json().message],
      [405, "GET, HEAD", "METHOD_NOT_ALLOWED", "DELETE is not allowed on this path; allowed: GET, HEAD"],
    );
    assert.deepEqual([batch.statusCode, batch.headers.allow], [405, "GET, HEAD"]);
  });

  it("keeps a well-formed incoming x-request-id and replaces a malformed one", async () => {
    const test = open();
    const kept = await test.app.inject({
      method: "GET",
      url: "/health/live",
      headers: { "x-request-id": "proxy-1234abcd" },
    });
    const replaced = await test.app.inject({
      method: "GET",
      url: "/health/live",
      headers: { "x-request-id": "bad id\u0000" },
    });
    assert.equal(kept.headers["x-request-id"], "proxy-1234abcd");
    assert.match(String(replaced.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
  });

  it("allows only the configured CORS origins", async () => {
    const test = open({ CORS_ORIGINS: "https://ui.example" });
    const allowed = await test.app.inject({
      method: "GET",
      url: "/health/live",
      headers: { origin: "https://ui.example" },
    });
    const other = await test.app.inject({
      method: "GET",
      url: "/health/live",
      headers: { origin: "https://evil.example" },
    });
    const closed = await open().app.inject({
      method: "GET",
      url: "/health/live",
      headers: { origin: "https://ui.example" },
    });
    assert.equal(allowed.headers["access-control-allow-origin"], "https://ui.example");
    assert.equal(other.headers["access-control-allow-origin"], undefined);
    assert.equal(closed.headers["access-control-allow-origin"], undefined);
  });
});

describe("draining", () => {
  it("asks clients to close their connection once draining starts", async () => {
    const test = open();
    const before = await test.app.inject({ method: "GET", url: "/health/live" });
    test.drain.start();
    const during = await test.app.inject({ method: "GET", url: "/health/live" });
    assert.deepEqual([before.headers.connection === "close", during.headers.connection], [false, "close"]);
  });
});

describe("test routes", () => {
  it("are absent unless ENABLE_TEST_ROUTES is true", async () => {
    const response = await open().app.inject({ method: "GET", url: "/debug/slow?ms=0" });
    assert.deepEqual([response.statusCode, response.json().code], [404, "NOT_FOUND"]);
  });

  it("answer /debug/slow after the requested time when enabled, within bounds", async () => {
    const test = open({ ENABLE_TEST_ROUTES: "true" });
    const slow = await test.app.inject({ method: "GET", url: "/debug/slow?ms=20" });
    assert.deepEqual([slow.statusCode, slow.json()], [200, { sleptMs: 20 }]);
    for (const url of ["/debug/slow?ms=30001", "/debug/slow?ms=abc", "/debug/slow"]) {
      const refused = await test.app.inject({ method: "GET", url });
      assert.deepEqual([refused.statusCode, refused.json().code], [400, "FST_ERR_VALIDATION"], url);
    }
  });
});
