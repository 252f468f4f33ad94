import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

/** A kubectl on PATH that logs its argv and lists `pods` for `get`, run with `sh` as the step runs its line. */
function runWithKubectl(argv: string[], pods: string): { code: number; calls: string[]; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "fake-kubectl-"));
  try {
    const log = join(dir, "calls");
    writeFileSync(
      join(dir, "kubectl"),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\ncase " $* " in *" get pods "*) printf '${pods}' ;; esac\n`,
      { mode: 0o755 },
    );
    const ran = spawnSync(argv[0]!, argv.slice(1), { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: "utf8" });
    const calls = readFileSync(log, "utf8").trim().split("\n");
    return { code: ran.status ?? -1, calls, stderr: ran.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the Kubernetes migration probe execs into a pod its Deployment selects that is not being deleted, never the Deployment's pick", () => {
  const argv = kubeMigrated({ namespace: "v", context: "prod-eu" }, "api-blue", {
    "app.kubernetes.io/instance": "verifier-prod",
    "verifier/colour": "blue",
  });
  assert.deepEqual(argv.slice(0, 2), ["sh", "-c"]);
  const ran = runWithKubectl(argv, "api-blue-7d9f-new1\\napi-blue-7d9f-new2\\n");
  assert.equal(ran.code, 0, ran.stderr);
  assert.deepEqual(ran.calls, [
    `--context prod-eu --namespace v get pods -l app.kubernetes.io/instance=verifier-prod,verifier/colour=blue -o go-template=${'{{range .items}}{{if not .metadata.deletionTimestamp}}{{.metadata.name}}{{"\\n"}}{{end}}{{end}}'}`,
    "--context prod-eu --namespace v exec api-blue-7d9f-new1 -- /usr/local/bin/http-probe 127.0.0.1 8080 /health/ready",
  ]);
  const none = runWithKubectl(argv, "");
  assert.equal(none.code, 1);
  assert.equal(none.stderr, "deployment/api-blue: no pod of it that is not being deleted\n");
  assert.equal(none.calls.length, 1, "no exec without a pod");
});
