import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { ConfigError, loadConfig, type Env } from "./config.js";

/** METRICS_HOST and SANDBOX_METRICS_URL: where the metrics listener binds, and the sandbox /metrics it relays. */
const REQUIRED: Env = {
  DATABASE_HOST: "db",
  DATABASE_NAME: "verifier",
  DATABASE_USER: "api",
  DATABASE_PASSWORD: "db-password-0123456789",
  REDIS_HOST: "cache",
};

function problemsOf(env: Env): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail("expected a ConfigError");
}

describe("loadConfig: metrics listener", () => {
  it("binds metrics where the API listens when METRICS_HOST is unset", () => {
    assert.equal(loadConfig(REQUIRED).metricsHost, "0.0.0.0");
    assert.equal(loadConfig({ ...REQUIRED, HOST: "127.0.0.1" }).metricsHost, "127.0.0.1");
  });

  it("keeps an explicit METRICS_HOST apart from HOST", () => {
    const config = loadConfig({ ...REQUIRED, HOST: "0.0.0.0", METRICS_HOST: "api-blue-metrics" });
    assert.deepEqual([config.host, config.metricsHost], ["0.0.0.0", "api-blue-metrics"]);
  });

  it("refuses an empty METRICS_HOST, naming it", () => {
    assert.deepEqual(problemsOf({ ...REQUIRED, METRICS_HOST: "" }), [
      'METRICS_HOST: received ""; allowed: a host name or IP address of this container (default: the value of HOST)',
    ]);
  });
});

describe("loadConfig: sandbox metrics relay", () => {
  it("has no sandbox metrics URL unless SANDBOX_METRICS_URL is set, then keeps it", () => {
    assert.equal(loadConfig(REQUIRED).sandbox.metricsUrl, undefined);
    const url = "http://sandbox-metrics:9465/metrics";
    assert.equal(loadConfig({ ...REQUIRED, SANDBOX_METRICS_URL: url }).sandbox.metricsUrl, url);
  });

  for (const value of ["ftp://sandbox/metrics", "sandbox:9465/metrics", ""]) {
    it(`refuses SANDBOX_METRICS_URL=${JSON.stringify(value)}, naming the variable`, () => {
      assert.deepEqual(problemsOf({ ...REQUIRED, SANDBOX_METRICS_URL: value }), [
        `SANDBOX_METRICS_URL: received ${JSON.stringify(value)}; allowed: an http(s) URL (optional)`,
      ]);
    });
  }
});
