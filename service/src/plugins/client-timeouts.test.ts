import { test } from "vitest";
import assert from "node:assert/strict";
import { loadConfig } from "../config.js";
import { connectionsCheckingIntervalMs, serverTimeoutOptions } from "./client-timeouts.js";

const REQUIRED = {
  DATABASE_HOST: "db",
  DATABASE_NAME: "verifier",
  DATABASE_USER: "api",
  DATABASE_PASSWORD: "db-password-0123456789",
  REDIS_HOST: "cache",
};

test("the defaults become Fastify's idle and request timeouts and Node's header deadline, checked every second", () => {
  assert.deepEqual(serverTimeoutOptions(loadConfig(REQUIRED).clientTimeouts), {
    connectionTimeout: 120_000,
    requestTimeout: 30_000,
    http: { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 },
  });
});

test("short deadlines are checked a quarter of the shorter one apart, not Node's 30 s", () => {
  const timeouts = { headersMs: 500, bodyMs: 500, requestMs: 1_500, connectionIdleMs: 2_000 };
  assert.equal(connectionsCheckingIntervalMs(timeouts), 125);
  assert.deepEqual(serverTimeoutOptions(timeouts).http, {
    headersTimeout: 500,
    requestTimeout: 1_500,
    connectionsCheckingInterval: 125,
  });
  assert.equal(
    connectionsCheckingIntervalMs({ ...timeouts, headersMs: 101 }),
    26,
    "rounded up, never 0 (which Node refuses)",
  );
});
