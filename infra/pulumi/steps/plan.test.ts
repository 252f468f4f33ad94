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

/**
 * A kubectl on PATH that logs its argv, answers its n-th `get pods` with `pods[n]` (the last one
 * after that) and its n-th `exec` with exit code `execs[n]` (0 after that); a `sleep` that only logs.
 * Run with `sh`, as the step runs its line.
 */
function runWithKubectl(
  argv: string[],
  script: { pods: string[]; execs?: number[] },
): { code: number; calls: string[]; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "fake-kubectl-"));
  try {
    const log = join(dir, "calls");
    for (const [n, pods] of script.pods.entries()) writeFileSync(join(dir, `pods.${n}`), pods);
    for (const [n, code] of (script.execs ?? []).entries()) writeFileSync(join(dir, `exec.${n}`), String(code));
    writeFileSync(
      join(dir, "kubectl"),
      `#!/bin/sh\ncase " $* " in\n` +
        `*" get pods "*) echo pods >> '${log}.kinds'; printf '%s\\n' "$*" >> '${log}'; ` +
        `n=$(grep -c pods '${log}.kinds'); f='${dir}/pods.'$((n - 1)); [ -f "$f" ] || f='${dir}/pods.${script.pods.length - 1}'; cat "$f" ;;\n` +
        `*" exec "*) echo exec >> '${log}.kinds'; printf '%s\\n' "$*" >> '${log}'; ` +
        `n=$(grep -c exec '${log}.kinds'); f='${dir}/exec.'$((n - 1)); [ -f "$f" ] && exit "$(cat "$f")"; exit 0 ;;\n` +
        `esac\n`,
      { mode: 0o755 },
    );
    writeFileSync(join(dir, "sleep"), `#!/bin/sh\nprintf 'sleep %s\\n' "$*" >> '${log}'\n`, { mode: 0o755 });
    const ran = spawnSync(argv[0]!, argv.slice(1), { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: "utf8" });
    const calls = readFileSync(log, "utf8").trim().split("\n");
    return { code: ran.status ?? -1, calls, stderr: ran.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LIST =
  "--context prod-eu --namespace v get pods -l app.kubernetes.io/instance=verifier-prod,verifier/colour=blue -o go-template=" +
  "{{range .items}}{{if not .metadata.deletionTimestamp}}{{$pod := .metadata.name}}{{range .status.conditions}}" +
  '{{if and (eq .type "Ready") (eq .status "True")}}{{$pod}}{{"\\n"}}{{end}}{{end}}{{end}}{{end}}';
const execIn = (pod: string) =>
  `--context prod-eu --namespace v exec ${pod} -- /usr/local/bin/http-probe 127.0.0.1 8080 /health/ready`;
const migrated = () =>
  kubeMigrated({ namespace: "v", context: "prod-eu" }, "api-blue", {
    "app.kubernetes.io/instance": "verifier-prod",
    "verifier/colour": "blue",
  });

test("the Kubernetes migration probe execs into a Ready pod its Deployment selects that is not being deleted", () => {
  const argv = migrated();
  assert.deepEqual(argv.slice(0, 2), ["sh", "-c"]);
  const ran = runWithKubectl(argv, { pods: ["api-blue-7d9f-new1\napi-blue-7d9f-new2\n"] });
  assert.equal(ran.code, 0, ran.stderr);
  assert.deepEqual(ran.calls, [LIST, execIn("api-blue-7d9f-new1")]);
});

test("the migration probe tries again 2 s later when no pod is Ready or the exec fails, and succeeds on the next that answers", () => {
  const ran = runWithKubectl(migrated(), { pods: ["", "api-blue-a\n", "api-blue-b\n"], execs: [1, 0] });
  assert.equal(ran.code, 0, ran.stderr);
  assert.deepEqual(ran.calls, [LIST, "sleep 2", LIST, execIn("api-blue-a"), "sleep 2", LIST, execIn("api-blue-b")]);
});

test("the migration probe gives up after 30 tries, naming the Deployment and the last pod it tried", () => {
  const ran = runWithKubectl(migrated(), { pods: ["api-blue-a\n"], execs: Array(30).fill(1) });
  assert.equal(ran.code, 1);
  assert.equal(
    ran.stderr,
    "deployment/api-blue: no Ready pod of it answered ready from inside in 30 tries 2 s apart (last: api-blue-a)\n",
  );
  assert.equal(ran.calls.filter((c) => c.startsWith("--context prod-eu --namespace v exec")).length, 30);
  assert.equal(ran.calls.filter((c) => c === "sleep 2").length, 29);
  const none = runWithKubectl(migrated(), { pods: [""] });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /in 30 tries 2 s apart \(last: no Ready pod\)\n$/);
  assert.equal(none.calls.filter((c) => c.includes(" exec ")).length, 0, "no exec without a Ready pod");
});
