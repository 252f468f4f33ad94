import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { loadConfig } from "./config.js";
import { SandboxConfigError } from "./errors.js";

const TOKEN = "0123456789abcdef";
const noFile = (path: string): string => {
  throw Object.assign(new Error(`ENOENT ${path}`), { code: "ENOENT" });
};

function problemsOf(env: NodeJS.ProcessEnv, readFile = noFile): string[] {
  try {
    loadConfig(env, readFile);
  } catch (error) {
    assert.ok(error instanceof SandboxConfigError);
    return error.problems;
  }
  assert.fail("expected a SandboxConfigError");
}

describe("loadConfig", () => {
  it("fills every default from an environment holding only the token", () => {
    assert.deepEqual(loadConfig({ SANDBOX_TOKEN: TOKEN }), {
      HOST: "0.0.0.0",
      PORT: 8090,
      METRICS_PORT: 9465,
      METRICS_HOST: "0.0.0.0",
      SANDBOX_POOL_SIZE: 2,
      SANDBOX_QUEUE_SIZE: 16,
      SANDBOX_MAX_WALL_MS: 5000,
      SANDBOX_MAX_MEMORY_MIB: 128,
      SANDBOX_MAX_OUTPUT_BYTES: 65536,
      SANDBOX_MAX_OUTPUT_LINES: 1000,
      LOG_LEVEL: "info",
      token: TOKEN,
    });
  });

  it("binds metrics to METRICS_HOST, else to HOST, and refuses an empty one naming it", () => {
    assert.equal(loadConfig({ SANDBOX_TOKEN: TOKEN, HOST: "127.0.0.1" }).METRICS_HOST, "127.0.0.1");
    assert.equal(loadConfig({ SANDBOX_TOKEN: TOKEN, METRICS_HOST: "sandbox-metrics" }).METRICS_HOST, "sandbox-metrics");
    assert.deepEqual(problemsOf({ SANDBOX_TOKEN: TOKEN, METRICS_HOST: "" }), [
      'METRICS_HOST: expected a host name or IP address of this container (received ""); set METRICS_HOST to a valid value or unset it for the default',
    ]);
  });

  it("reports every bad variable at once, by name, with what it received", () => {
    const problems = problemsOf({ SANDBOX_TOKEN: TOKEN, PORT: "http", SANDBOX_POOL_SIZE: "0" });
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? "", /^PORT: expected an integer in \(a TCP port\) \(received "http"\)/);
    assert.match(problems[1] ?? "", /^SANDBOX_POOL_SIZE: must be at least 1 workers \(received "0"\)/);
  });

  it("refuses to start without a token, naming both variables", () => {
    assert.deepEqual(problemsOf({}), [
      "SANDBOX_TOKEN: not set; set SANDBOX_TOKEN or SANDBOX_TOKEN_FILE to a secret of at least 16 characters",
    ]);
  });

  it("refuses a short token naming the variable it came from", () => {
    assert.deepEqual(problemsOf({ SANDBOX_TOKEN: "short" }), [
      "SANDBOX_TOKEN: the token has 5 characters, at least 16 are required; generate a longer secret",
    ]);
    assert.deepEqual(
      problemsOf({ SANDBOX_TOKEN_FILE: "/run/t" }, () => "tiny\n"),
      ["SANDBOX_TOKEN_FILE: the token has 4 characters, at least 16 are required; generate a longer secret"],
    );
  });

  it("reads the token file (trimmed) in preference to SANDBOX_TOKEN, and names an unreadable one", () => {
    assert.equal(
      loadConfig({ SANDBOX_TOKEN_FILE: "/run/t", SANDBOX_TOKEN: "ignored-ignored-ignored" }, () => `${TOKEN}\n`).token,
      TOKEN,
    );
    assert.deepEqual(problemsOf({ SANDBOX_TOKEN_FILE: "/run/missing" }), [
      "SANDBOX_TOKEN_FILE: cannot read /run/missing (ENOENT); point it at a readable file",
    ]);
  });
});
