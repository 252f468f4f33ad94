import { test } from "vitest";
import assert from "node:assert/strict";
import { defineCommand, type AnyCommand } from "./command.js";
import { RunbookError } from "./errors.js";
import { main, type MainDeps } from "./main.js";

const ok = defineCommand({
  name: "ok",
  summary: "succeeds",
  args: "<stack>",
  flags: {},
  run: async () => ({ data: { done: 1 }, lines: ["done"] }),
});
const broken = defineCommand({
  name: "broken",
  summary: "fails",
  args: "<stack>",
  flags: {},
  run: async () => {
    throw new RunbookError("VERIFY_FAILED", "verification failed:\n3× 503", { outcome: "rolled-back" });
  },
});

function deps(registry: AnyCommand[]): MainDeps & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    registry,
    repoRoot: "/nonexistent",
    operator: { interactive: false, ask: async () => "" },
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    verbose: false,
    stdout,
    stderr,
  };
}

test("success: exit 0, lines on stdout, nothing on stderr", async () => {
  const d = deps([ok]);
  assert.equal(await main(["ok", "local"], d), 0);
  assert.deepEqual([d.stdout, d.stderr], [["done\n"], []]);
});

test("--json: the result as one JSON document on stdout", async () => {
  const d = deps([ok]);
  assert.equal(await main(["ok", "local", "--json"], d), 0);
  assert.deepEqual(JSON.parse(d.stdout.join("")), { ok: true, done: 1 });
});

test("failure: exit 1 and one red line with the code; --json carries the code and detail too", async () => {
  const d = deps([broken]);
  assert.equal(await main(["broken", "local", "--json"], d), 1);
  assert.deepEqual(d.stderr, ["\x1b[31merror [VERIFY_FAILED]: verification failed: 3× 503\x1b[0m\n"]);
  assert.deepEqual(JSON.parse(d.stdout.join("")), {
    ok: false,
    error: { code: "VERIFY_FAILED", message: "verification failed:\n3× 503" },
    detail: { outcome: "rolled-back" },
  });
});

test("usage mistakes exit 2", async () => {
  const d = deps([ok]);
  assert.equal(await main(["ok"], d), 2);
  assert.match(d.stderr.join(""), /error \[USAGE\]: ok: <stack> is missing/);
});
