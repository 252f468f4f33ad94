import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";
import { inspect } from "node:util";
import { ConfigError, loadConfig, Secret, type Env } from "./config.js";

const PASSWORD = "db-password-0123456789";
const REQUIRED: Env = {
  DATABASE_HOST: "db",
  DATABASE_NAME: "verifier",
  DATABASE_USER: "api",
  DATABASE_PASSWORD: PASSWORD,
  REDIS_HOST: "cache",
};
const dir = mkdtempSync(join(tmpdir(), "config-test-"));

function secretFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function problemsOf(env: Env): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.code, "CONFIG_INVALID");
    return error.problems;
  }
  assert.fail("expected a ConfigError");
}

describe("loadConfig", () => {
  it("applies every documented default", () => {
    const config = loadConfig(REQUIRED);
    assert.deepEqual(JSON.parse(JSON.stringify(config)), {
      host: "0.0.0.0",
      port: 8080,
      metricsHost: "0.0.0.0",
      metricsPort: 9464,
      logLevel: "info",
      app: { colour: "blue", version: "dev" },
      database: {
        host: "db",
        port: 5432,
        name: "verifier",
        user: "api",
        password: "[redacted]",
        migration: { user: "api", password: "[redacted]" },
        waitTimeoutMs: 30000,
      },
      redis: { host: "cache", port: 6379 },
      sandbox: { maxima: { wallMs: 5000, memoryMib: 128, outputBytes: 65536 } },
      inputMaxChars: 2000,
      corsOrigins: [],
      hsts: false,
      trustProxy: [],
      shutdownGraceMs: 40000,
      enableTestRoutes: false,
      security: {
        rateLimit: { perKeyPerMinute: 600, globalPerMinute: 6000 },
        injectionThreshold: 0.75,
        apiKeyCacheTtlMs: 10000,
        verificationCacheTtlSeconds: 3600,
        redisCommandTimeoutMs: 150,
        redisKeyPrefix: "verifier:",
        verifyTimeoutMs: 15000,
        batchConcurrency: 4,
        sandboxTimeoutMs: 10000,
        preAuthPerAddressPerMinute: 300,
        authFailuresPerKeyAddressPerMinute: 5,
        events: { queueMax: 200, flushMs: 1000 },
      },
      overload: { maxEventLoopUtilization: 0.95, maxEventLoopDelayMs: 1000 },
      engineThreads: { mathThreads: 1, logicThreads: 1, queueMax: 64 },
      inFlight: { max: 64, perCaller: 16, adminReserve: 4 },
      clientTimeouts: { headersMs: 10000, bodyMs: 10000, requestMs: 30000, connectionIdleMs: 120000 },
    });
    assert.equal(config.database.password.reveal(), PASSWORD);
    assert.equal(config.redis.password, undefined);
  });

  it("parses every variable it is given", () => {
    const config = loadConfig({
      ...REQUIRED,
      HOST: "127.0.0.1",
      PORT: "3000",
      METRICS_PORT: "3001",
      LOG_LEVEL: "debug",
      APP_COLOUR: "green",
      APP_VERSION: "verifier-api:1.4.2",
      DATABASE_PORT: "6543",
      REDIS_PORT: "6380",
      REDIS_PASSWORD: "redis-password-123456",
      BOOTSTRAP_ADMIN_KEY_FILE: "/run/secrets/admin_key",
      SANDBOX_URL: "http://sandbox:8081",
      SANDBOX_MAX_WALL_MS: "20000",
      SANDBOX_MAX_MEMORY_MIB: "256",
      SANDBOX_MAX_OUTPUT_BYTES: "4096",
      INPUT_MAX_CHARS: "500",
      CORS_ORIGINS: "https://a.example, https://b.example:8443",
      DB_WAIT_TIMEOUT_MS: "1000",
      SHUTDOWN_GRACE_MS: "2000",
      ENABLE_TEST_ROUTES: "true",
    });
    assert.deepEqual(
      [
        config.host,
        config.port,
        config.metricsPort,
        config.logLevel,
        config.app,
        config.database.port,
        config.redis.port,
      ],
      ["127.0.0.1", 3000, 3001, "debug", { colour: "green", version: "verifier-api:1.4.2" }, 6543, 6380],
    );
    assert.equal(config.redis.password?.reveal(), "redis-password-123456");
    assert.deepEqual(
      [config.bootstrapAdminKeyFile, config.sandbox.url],
      ["/run/secrets/admin_key", "http://sandbox:8081"],
    );
    assert.deepEqual(config.sandbox.maxima, { wallMs: 20000, memoryMib: 256, outputBytes: 4096 });
    assert.deepEqual(config.corsOrigins, ["https://a.example", "https://b.example:8443"]);
    assert.deepEqual(
      [config.inputMaxChars, config.database.waitTimeoutMs, config.shutdownGraceMs, config.enableTestRoutes],
      [500, 1000, 2000, true],
    );
  });

  it("lists every missing required variable at once", () => {
    assert.deepEqual(problemsOf({}), [
      "DATABASE_HOST: received missing; allowed: a host name or IP address (required)",
      "DATABASE_NAME: received missing; allowed: a database name (required)",
      "DATABASE_USER: received missing; allowed: a database role (required)",
      "DATABASE_PASSWORD: received missing; allowed: at least 16 characters, in DATABASE_PASSWORD or a file named by DATABASE_PASSWORD_FILE",
      "REDIS_HOST: received missing; allowed: a host name or IP address (required)",
    ]);
  });

  const invalid: Array<[string, string, string]> = [
    ["PORT", "0", "an integer from 1 to 65535 (default 8080)"],
    ["PORT", "80x", "an integer from 1 to 65535 (default 8080)"],
    ["METRICS_PORT", "8080", "an integer from 1 to 65535 that differs from PORT (both are 8080)"],
    ["LOG_LEVEL", "loud", "fatal|error|warn|info|debug|trace|silent (default info)"],
    ["APP_COLOUR", "red", "blue|green (default blue)"],
    ["APP_VERSION", "1.0 beta", "1-200 characters of A-Z a-z 0-9 . _ + : / @ - (an image reference; default dev)"],
    ["DATABASE_PORT", "70000", "an integer from 1 to 65535 (default 5432)"],
    ["REDIS_PORT", "", "an integer from 1 to 65535 (default 6379)"],
    ["BOOTSTRAP_ADMIN_KEY_FILE", "secrets/admin", "an absolute file path (optional)"],
    ["SANDBOX_URL", "ftp://sandbox", "an http(s) URL (optional)"],
    ["SANDBOX_MAX_WALL_MS", "49", "an integer from 50 to 60000 (default 5000)"],
    ["SANDBOX_MAX_MEMORY_MIB", "2048", "an integer from 16 to 1024 (default 128)"],
    ["SANDBOX_MAX_OUTPUT_BYTES", "1k", "an integer from 1024 to 1048576 (default 65536)"],
    ["INPUT_MAX_CHARS", "0", "an integer from 1 to 1000000 (default 2000)"],
    ["CORS_ORIGINS", "https://ok.example,not-an-origin", "comma-separated http(s) origins (default none)"],
    ["DB_WAIT_TIMEOUT_MS", "-1", "an integer from 0 to 600000 (default 30000)"],
    ["SHUTDOWN_GRACE_MS", "40s", "an integer from 100 to 600000 (default 40000)"],
    ["ENABLE_TEST_ROUTES", "1", '"true" or "false" (default false)'],
    ["HSTS", "yes", '"true" or "false" (default false)'],
    ["SHED_MAX_EVENT_LOOP_UTILIZATION", "1.5", "a decimal number from 0 to 1, 0 for off (default 0.95)"],
    ["SHED_MAX_EVENT_LOOP_UTILIZATION", "-0.1", "a decimal number from 0 to 1, 0 for off (default 0.95)"],
    ["SHED_MAX_EVENT_LOOP_DELAY_MS", "60001", "an integer from 0 to 60000 (default 1000)"],
    [
      "TRUST_PROXY",
      "10.0.0.0/8,proxy.internal",
      "comma-separated IP addresses, CIDR ranges or loopback|linklocal|uniquelocal (default none)",
    ],
    [
      "TRUST_PROXY",
      "10.0.0.0/33",
      "comma-separated IP addresses, CIDR ranges or loopback|linklocal|uniquelocal (default none)",
    ],
  ];
  for (const [name, value, allowed] of invalid) {
    it(`refuses ${name}=${JSON.stringify(value)} naming the variable`, () => {
      assert.deepEqual(problemsOf({ ...REQUIRED, [name]: value }), [
        `${name}: received ${JSON.stringify(value)}; allowed: ${allowed}`,
      ]);
    });
  }

  it("reads TRUST_PROXY as a list of addresses, ranges and proxy-addr's named ranges", () => {
    assert.deepEqual(
      loadConfig({ ...REQUIRED, TRUST_PROXY: "10.0.0.0/8, 2001:db8::/32,192.0.2.1,uniquelocal" }).trustProxy,
      ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1", "uniquelocal"],
    );
  });

  it("reads the shedding thresholds, 0 for off", () => {
    const on = loadConfig({ ...REQUIRED, SHED_MAX_EVENT_LOOP_UTILIZATION: "0.8", SHED_MAX_EVENT_LOOP_DELAY_MS: "250" });
    const off = loadConfig({ ...REQUIRED, SHED_MAX_EVENT_LOOP_UTILIZATION: "0", SHED_MAX_EVENT_LOOP_DELAY_MS: "0" });
    assert.deepEqual(
      [on.overload, off.overload],
      [
        { maxEventLoopUtilization: 0.8, maxEventLoopDelayMs: 250 },
        { maxEventLoopUtilization: 0, maxEventLoopDelayMs: 0 },
      ],
    );
  });

  it("reads the slow-client limits", () => {
    const config = loadConfig({
      ...REQUIRED,
      MAX_IN_FLIGHT: "8",
      MAX_IN_FLIGHT_PER_CALLER: "3",
      IN_FLIGHT_ADMIN_RESERVE: "0",
      HEADERS_TIMEOUT_MS: "500",
      BODY_TIMEOUT_MS: "700",
      REQUEST_TIMEOUT_MS: "1200",
      CONNECTION_IDLE_TIMEOUT_MS: "1200",
    });
    assert.deepEqual(
      [config.inFlight, config.clientTimeouts],
      [
        { max: 8, perCaller: 3, adminReserve: 0 },
        { headersMs: 500, bodyMs: 700, requestMs: 1200, connectionIdleMs: 1200 },
      ],
    );
  });

  it("checks the slow-client limits against each other, naming the one to change, beside unrelated problems", () => {
    const env = {
      ...REQUIRED,
      APP_COLOUR: "red",
      MAX_IN_FLIGHT: "8",
      MAX_IN_FLIGHT_PER_CALLER: "6",
      HEADERS_TIMEOUT_MS: "500",
      BODY_TIMEOUT_MS: "1000",
      REQUEST_TIMEOUT_MS: "1200",
      CONNECTION_IDLE_TIMEOUT_MS: "1000",
    };
    assert.deepEqual(
      problemsOf(env),
      [
        'APP_COLOUR: received "red"; allowed: blue|green (default blue)',
        'MAX_IN_FLIGHT_PER_CALLER: received "6"; allowed: at most MAX_IN_FLIGHT - IN_FLIGHT_ADMIN_RESERVE, now 4; an integer from 1 to 10000 (default 16)',
        'REQUEST_TIMEOUT_MS: received "1200"; allowed: at least HEADERS_TIMEOUT_MS + BODY_TIMEOUT_MS, now 1500; an integer from 200 to 900000 (default 30000)',
      ],
      "CONNECTION_IDLE_TIMEOUT_MS is not compared with a REQUEST_TIMEOUT_MS already refused",
    );
    assert.deepEqual(problemsOf({ ...REQUIRED, CONNECTION_IDLE_TIMEOUT_MS: "20000" }), [
      'CONNECTION_IDLE_TIMEOUT_MS: received "20000"; allowed: at least REQUEST_TIMEOUT_MS, now 30000, so a stalled request is answered 408, not dropped; an integer from 1000 to 3600000 (default 120000)',
    ]);
    assert.deepEqual(problemsOf({ ...REQUIRED, BODY_TIMEOUT_MS: "soon" }), [
      'BODY_TIMEOUT_MS: received "soon"; allowed: an integer from 100 to 600000 (default 10000)',
    ]);
  });

  it("migrates as DATABASE_MIGRATION_USER with its own password, or as the serving role when neither is set", () => {
    const config = loadConfig({
      ...REQUIRED,
      DATABASE_MIGRATION_USER: "owner",
      DATABASE_MIGRATION_PASSWORD_FILE: secretFile("owner", "owner-password-0123456789\n"),
    });
    assert.equal(config.database.user, "api");
    assert.equal(config.database.password.reveal(), PASSWORD);
    assert.equal(config.database.migration.user, "owner");
    assert.equal(config.database.migration.password.reveal(), "owner-password-0123456789");
    const either = "a role named together with DATABASE_MIGRATION_PASSWORD (or its _FILE), or neither of the two";
    assert.deepEqual(problemsOf({ ...REQUIRED, DATABASE_MIGRATION_USER: "owner" }), [
      `DATABASE_MIGRATION_USER: received "owner"; allowed: ${either}`,
    ]);
    assert.deepEqual(problemsOf({ ...REQUIRED, DATABASE_MIGRATION_PASSWORD: "owner-password-0123456789" }), [
      `DATABASE_MIGRATION_USER: received missing; allowed: ${either}`,
    ]);
  });

  it("reports problems of different variables together", () => {
    const problems = problemsOf({ ...REQUIRED, PORT: "x", APP_COLOUR: "red", ENABLE_TEST_ROUTES: "yes" });
    assert.deepEqual(
      problems.map((line) => line.split(":")[0]),
      ["PORT", "APP_COLOUR", "ENABLE_TEST_ROUTES"],
    );
  });
});

describe("secrets", () => {
  it("refuses a short secret by its length, never its value", () => {
    const env = { ...REQUIRED, DATABASE_PASSWORD: "tiny-secret", REDIS_PASSWORD: "also-short" };
    const problems = problemsOf(env);
    assert.deepEqual(problems, [
      "DATABASE_PASSWORD: received 11 characters (value hidden); allowed: at least 16 characters, in DATABASE_PASSWORD or a file named by DATABASE_PASSWORD_FILE",
      "REDIS_PASSWORD: received 10 characters (value hidden); allowed: at least 16 characters, in REDIS_PASSWORD or a file named by REDIS_PASSWORD_FILE (optional)",
    ]);
    assert.ok(!problems.join("\n").includes("tiny-secret") && !problems.join("\n").includes("also-short"));
  });

  it("reads *_FILE content without its trailing newline", () => {
    const config = loadConfig({
      ...REQUIRED,
      DATABASE_PASSWORD: undefined,
      DATABASE_PASSWORD_FILE: secretFile("db", "from-file-password-42\n"),
      REDIS_PASSWORD_FILE: secretFile("redis", "redis-file-password-42\r\n"),
      SANDBOX_TOKEN_FILE: secretFile("sandbox", "sandbox-token-0123456789"),
    });
    assert.equal(config.database.password.reveal(), "from-file-password-42");
    assert.equal(config.redis.password?.reveal(), "redis-file-password-42");
    assert.equal(config.sandbox.token?.reveal(), "sandbox-token-0123456789");
  });

  it("names the _FILE variable when the file is short, unreadable or doubled", () => {
    const problems = problemsOf({
      ...REQUIRED,
      DATABASE_PASSWORD: undefined,
      DATABASE_PASSWORD_FILE: secretFile("short", "short\n"),
      REDIS_PASSWORD_FILE: join(dir, "absent"),
      SANDBOX_TOKEN: "sandbox-token-0123456789",
      SANDBOX_TOKEN_FILE: secretFile("token", "sandbox-token-0123456789"),
    });
    assert.deepEqual(problems, [
      `REDIS_PASSWORD_FILE: received ${JSON.stringify(join(dir, "absent"))}; allowed: a readable file holding the secret (read failed: ENOENT)`,
      `SANDBOX_TOKEN_FILE: received ${JSON.stringify(join(dir, "token"))}; allowed: only one of SANDBOX_TOKEN and SANDBOX_TOKEN_FILE`,
      "DATABASE_PASSWORD_FILE: received 5 characters (value hidden); allowed: at least 16 characters, in DATABASE_PASSWORD or a file named by DATABASE_PASSWORD_FILE",
    ]);
  });

  it("never shows a secret through JSON, strings or inspection", () => {
    const config = loadConfig({ ...REQUIRED, REDIS_PASSWORD: "redis-password-abcdef" });
    const views = [
      JSON.stringify(config),
      String(config.database.password),
      `${config.redis.password}`,
      inspect(config, { depth: 5 }),
    ];
    for (const view of views) {
      assert.ok(!view.includes(PASSWORD) && !view.includes("redis-password-abcdef"), view);
      assert.ok(view.includes("[redacted]"));
    }
    assert.equal(new Secret("x".repeat(20)).reveal(), "x".repeat(20));
  });
});
