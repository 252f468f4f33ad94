import { test } from "vitest";
import assert from "node:assert/strict";
import { parseStackConfig } from "../../infra/config/load.js";
import { buildModel, type ResolvedImages } from "../../infra/model/build.js";
import { loadConfig, type Config } from "../../service/src/config.js";
import { loadConfig as loadSandboxConfig, type SandboxConfig } from "../../service/src/sandbox/config.js";

/**
 * The environment the model gives an api container, read by the api's own config loader: the stack's
 * settings arrive as the values the api acts on, and a stack file that leaves them out gets exactly the
 * api's own defaults (both sides state them; this is where they must agree).
 */
const IMAGES = Object.fromEntries(
  ["api", "sandbox", "postgres", "redis", "proxy", "prometheus", "backup"].map((role) => [role, `verifier/${role}:t`]),
) as unknown as ResolvedImages;
// Every *_FILE path the model names is a secret mount; its content does not matter here.
const readFile = (path: string) => (path.endsWith("tls_pem") ? "" : `secret-from-${path}`);

function apiConfig(stack: Record<string, unknown>, drop: readonly string[] = []): Config {
  const model = buildModel("local", parseStackConfig({ tier: "local", ...stack }, "contract"), IMAGES);
  const api = model.services.find((s) => s.name === "api-blue-1") ?? assert.fail("no api-blue-1 in the model");
  const env = Object.fromEntries(Object.entries(api.env).filter(([name]) => !drop.includes(name)));
  return loadConfig(env, readFile);
}

const limitsOf = (c: Config) => ({
  perKeyPerMinute: c.security.rateLimit.perKeyPerMinute,
  globalPerMinute: c.security.rateLimit.globalPerMinute,
  preAuthPerAddressPerMinute: c.security.preAuthPerAddressPerMinute,
});

const LIMIT_VARIABLES = [
  "RATE_LIMIT_PER_KEY_PER_MINUTE",
  "RATE_LIMIT_GLOBAL_PER_MINUTE",
  "PRE_AUTH_LIMIT_PER_ADDRESS_PER_MINUTE",
];
const SHED_VARIABLES = ["SHED_MAX_EVENT_LOOP_UTILIZATION", "SHED_MAX_EVENT_LOOP_DELAY_MS"];

test("service.rateLimits reaches the api as the limits it enforces", () => {
  const rateLimits = { perKeyPerMinute: 7, globalPerMinute: 70, preAuthPerAddressPerMinute: 3 };
  assert.deepEqual(limitsOf(apiConfig({ service: { rateLimits } })), rateLimits);
});

test("a stack file without service.rateLimits or service.overload renders the api's own defaults", () => {
  const rendered = apiConfig({});
  const apiDefaults = apiConfig({}, [...LIMIT_VARIABLES, ...SHED_VARIABLES]);
  assert.deepEqual(limitsOf(rendered), limitsOf(apiDefaults));
  assert.deepEqual(rendered.overload, apiDefaults.overload);
});

/** The sandbox container's config, read by the sandbox's own loader from the environment the model gives it. */
function sandboxConfig(stack: Record<string, unknown>): SandboxConfig {
  const model = buildModel("local", parseStackConfig({ tier: "local", ...stack }, "contract"), IMAGES);
  const sandbox = model.services.find((s) => s.name === "sandbox") ?? assert.fail("no sandbox in the model");
  return loadSandboxConfig(sandbox.env, readFile);
}

test("the sandbox's maxima reach the api as the limits its document states, at the schema's bounds too", () => {
  for (const sandbox of [
    {},
    { maxWallMs: 100, maxMemoryMiB: 16, maxOutputBytes: 1024 }, // its lower bounds
    { maxWallMs: 60_000, maxMemoryMiB: 1024, maxOutputBytes: 1_048_576 }, // the stack schema's upper bounds
  ]) {
    const own = sandboxConfig({ sandbox });
    assert.deepEqual(
      apiConfig({ sandbox }).sandbox.maxima,
      {
        wallMs: own.SANDBOX_MAX_WALL_MS,
        memoryMib: own.SANDBOX_MAX_MEMORY_MIB,
        outputBytes: own.SANDBOX_MAX_OUTPUT_BYTES,
      },
      JSON.stringify(sandbox),
    );
  }
});
