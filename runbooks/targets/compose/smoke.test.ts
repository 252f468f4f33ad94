import { test } from "vitest";
import assert from "node:assert/strict";
import { apiContainers, composeContext, edgeNetwork, proxyUrl } from "./context.js";
import { smokeArgv } from "./smoke.js";

const repoRoot = new URL("../../..", import.meta.url).pathname.replace(/\/$/, "");
const c = composeContext({ repoRoot, stack: "local", instance: "t", overrides: { apiReplicas: 2, httpsPort: 18443 } });

test("the direct smoke runs a hardened throwaway client on the edge network, asking every replica by name", () => {
  const argv = smokeArgv(c, "green", "sha256:abc");
  assert.deepEqual(argv.slice(0, 19), [
    "docker",
    "run",
    "--rm",
    "--network",
    "verifier-t-edge",
    "--user",
    "65534:65534",
    "--read-only",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--pids-limit",
    "64",
    "--memory",
    "128m",
    "--entrypoint",
    "node",
    "sha256:abc",
  ]);
  assert.deepEqual(argv.slice(19, 21), ["--input-type=module", "-e"]);
  assert.deepEqual(argv.slice(22), [
    "http://api-green-1:8080/health/ready",
    "http://api-green-1:8080/health/live",
    "http://api-green-1:8080/metrics",
    "http://api-green-2:8080/health/ready",
    "http://api-green-2:8080/health/live",
    "http://api-green-2:8080/metrics",
  ]);
});

test("names follow the model: project, containers, network, proxy URL", () => {
  assert.equal(c.project, "verifier-t");
  assert.deepEqual(apiContainers(c, "blue"), ["verifier-t-api-blue-1", "verifier-t-api-blue-2"]);
  assert.equal(edgeNetwork(c), "verifier-t-edge");
  assert.equal(proxyUrl(c), "https://127.0.0.1:18443");
});
