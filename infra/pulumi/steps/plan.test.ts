import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "vitest";
import {
  dockerMigrated,
  dockerPidsLimit,
  dockerProxyReload,
  dockerSmoke,
  kubeMigrated,
  kubeSmoke,
  shellLine,
} from "./plan.js";

test("docker steps are exact argument lists", () => {
  assert.deepEqual(dockerPidsLimit("verifier-local-api-blue-1", 256), [
    "docker",
    "update",
    "--pids-limit",
    "256",
    "verifier-local-api-blue-1",
  ]);
  assert.deepEqual(dockerMigrated("verifier-local-api-blue-1"), [
    "docker",
    "exec",
    "verifier-local-api-blue-1",
    "/usr/local/bin/http-probe",
    "127.0.0.1",
    "8080",
    "/health/ready",
  ]);
  assert.deepEqual(dockerProxyReload("verifier-local-proxy"), [
    "docker",
    "kill",
    "--signal",
    "SIGUSR2",
    "verifier-local-proxy",
  ]);
  assert.deepEqual(dockerSmoke("verifier-local-proxy", "green"), [
    "docker",
    "exec",
    "verifier-local-proxy",
    "/usr/local/bin/http-probe",
    "api-green",
    "8080",
    "/health/ready",
  ]);
});

test("kubectl steps name the context only when one is configured", () => {
  assert.deepEqual(kubeMigrated({ namespace: "verifier" }, "api-blue"), [
    "kubectl",
    "--namespace",
    "verifier",
    "exec",
    "deployment/api-blue",
    "--",
    "/usr/local/bin/http-probe",
    "127.0.0.1",
    "8080",
    "/health/ready",
  ]);
  assert.deepEqual(kubeSmoke({ namespace: "v", context: "prod-eu" }, "api"), [
    "kubectl",
    "--context",
    "prod-eu",
    "--namespace",
    "v",
    "get",
    "--raw",
    "/api/v1/namespaces/v/services/api:http/proxy/health/ready",
  ]);
});

test("shell lines quote only what needs it, and /bin/sh reads back the same words", () => {
  const argv = ["printf", "%s\\n", "plain-word", "two words", "it's", "$HOME", ""];
  const line = shellLine(argv);
  assert.equal(line, `printf '%s\\n' plain-word 'two words' 'it'\\''s' '$HOME' ''`);
  assert.equal(execFileSync("/bin/sh", ["-c", line], { encoding: "utf8" }), "plain-word\ntwo words\nit's\n$HOME\n\n");
});
