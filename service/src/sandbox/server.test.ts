import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { pino } from "pino";
import { QueueFullError } from "./errors.js";
import type { JobRequest } from "./jobSchema.js";
import { buildServer } from "./server.js";

const TOKEN = "0123456789abcdef0123";
const MAXIMA = { wallMs: 5000, memoryMib: 128, outputBytes: 65536, outputLines: 1000 };
const STATS = { idle: 1, busy: 0, warming: 0, queued: 0 };

function app(execute: (request: JobRequest) => Promise<unknown>, ready = true) {
  const service = { execute, ready: () => ready, poolStats: () => ({ python: STATS, javascript: STATS }) };
  return buildServer({ service: service as never, token: TOKEN, maxima: MAXIMA, logger: pino({ level: "silent" }) });
}

const post = (server: ReturnType<typeof app>, payload: unknown, token = TOKEN) =>
  server.inject({
    method: "POST",
    url: "/execute",
    headers: { authorization: `Bearer ${token}` },
    payload: payload as object,
  });

describe("sandbox HTTP API", () => {
  it("runs a valid job and returns the service's result", async () => {
    const seen: JobRequest[] = [];
    const server = app(
      async (request) => (seen.push(request), { status: "ok", result: 2, stdout: "", duration_ms: 1 }),
    );
    const response = await post(server, { language: "python", code: "1+1" });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: "ok", result: 2, stdout: "", duration_ms: 1 });
    assert.deepEqual(seen, [{ language: "python", code: "1+1" }]);
  });

  it("answers 401 without running anything when the token is missing or wrong", async () => {
    const server = app(async () => assert.fail("must not run"));
    const response = await post(server, { language: "python", code: "1" }, "wrong-token-wrong-token");
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers["www-authenticate"], "Bearer");
    assert.equal(response.json().error.code, "SANDBOX_UNAUTHORIZED");
  });

  it("answers 400 naming the field and the maximum of a limit above it", async () => {
    const response = await post(
      app(async () => assert.fail("must not run")),
      { language: "javascript", code: "1", limits: { output_bytes: 70000 } },
    );
    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json().error.message,
      "limits.output_bytes: output_bytes must be at most 65536 bytes (the configured maximum)",
    );
  });

  it("answers 503 with Retry-After when the queue is full", async () => {
    const response = await post(
      app(async () => Promise.reject(new QueueFullError("python", 16))),
      { language: "python", code: "1" },
    );
    assert.equal(response.statusCode, 503);
    assert.equal(response.headers["retry-after"], "1");
    assert.equal(response.json().error.code, "SANDBOX_QUEUE_FULL");
  });

  it("answers 500 without internals when the service fails", async () => {
    const response = await post(
      app(async () => Promise.reject(new Error("/secret/path exploded"))),
      { language: "python", code: "1" },
    );
    assert.equal(response.statusCode, 500);
    assert.equal(response.body.includes("/secret/path"), false);
  });

  it("serves the probes without a token: live always, ready only when warm", async () => {
    assert.equal((await app(async () => null).inject({ url: "/health/live" })).statusCode, 200);
    assert.equal((await app(async () => null, true).inject({ url: "/health/ready" })).statusCode, 200);
    const cold = await app(async () => null, false).inject({ url: "/health/ready" });
    assert.equal(cold.statusCode, 503);
    assert.equal(cold.json().status, "warming");
  });
});
