import { test } from "vitest";
import assert from "node:assert/strict";
import type { Operator } from "../cli/command.js";
import { main, type MainDeps } from "../cli/main.js";
import { COMMANDS } from "./registry.js";

const REPO_ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/** The real registry and repo (Pulumi.prod.yaml); stdin as given. No Pulumi CLI and no Docker are reached. */
function deps(operator: Operator): MainDeps & { stdout: string[]; stderr: string[]; asked: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const asked: string[] = [];
  const ask = async (q: string) => (asked.push(q), operator.ask(q));
  return {
    registry: COMMANDS,
    repoRoot: REPO_ROOT,
    operator: { interactive: operator.interactive, ask },
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    verbose: false,
    stdout,
    stderr,
    asked,
  };
}
const terminal = (answer: string): Operator => ({ interactive: true, ask: async () => answer });
const noTerminal: Operator = { interactive: false, ask: async () => assert.fail("must not ask without a terminal") };

test("restore on prod without --force is refused before anything is touched", async () => {
  const d = deps(terminal("prod"));
  assert.equal(await main(["restore", "prod", "--from", "latest", "--json"], d), 1);
  const answer = JSON.parse(d.stdout.join(""));
  assert.equal(answer.error.code, "RESTORE_REFUSED");
  assert.match(answer.error.message, /prod is prod; a restore replaces the live database there\. Pass --force/);
  assert.deepEqual(d.asked, []);
});

test("restore on prod with --force but no terminal and no --yes is refused without asking", async () => {
  const d = deps(noTerminal);
  assert.equal(await main(["restore", "prod", "--from", "latest", "--force"], d), 1);
  assert.match(
    d.stderr.join(""),
    /error \[CONFIRMATION_REQUIRED\]: restore prod from latest changes prod and stdin is not a terminal/,
  );
});

test("restore on prod with --force asks for the stack name; a wrong answer changes nothing", async () => {
  const d = deps(terminal("staging"));
  assert.equal(await main(["restore", "prod", "--from", "latest", "--force"], d), 1);
  assert.equal(d.asked.length, 1);
  assert.match(
    d.stderr.join(""),
    /error \[CONFIRMATION_DECLINED\]: not confirmed \(typed "staging", expected "prod"\)/,
  );
});

test("confirmed (--force --yes), a point-in-time restore of prod's Kubernetes target is refused with what to do instead", async () => {
  const d = deps(noTerminal);
  const argv = ["restore", "prod", "--from", "latest", "--to-time", "2026-12-01T10:00:00Z", "--force", "--yes"];
  assert.equal(await main(argv, d), 1);
  assert.match(
    d.stderr.join(""),
    /error \[TARGET_UNSUPPORTED\]: restore --to-time prod: the stack runs on kubernetes; this runbook drives Docker hosts only\. Instead: `ops restore <stack> --from latest --to-time <iso> --dump-only` restores the newest verified dump/,
  );
  assert.match(d.stderr.join(""), /a recovery to the time itself \(base backup \+ WAL\) is not automated there/);
});

test("--to-time must be an ISO timestamp with an offset", async () => {
  const d = deps(noTerminal);
  assert.equal(await main(["restore", "local", "--from", "latest", "--to-time", "yesterday"], d), 2);
  assert.match(d.stderr.join(""), /--to-time/);
});

test("--from takes latest or a dump name, nothing else", async () => {
  const d = deps(noTerminal);
  assert.equal(await main(["restore", "local", "--from", "../etc/passwd"], d), 2);
  assert.match(d.stderr.join(""), /--from: must be latest or a dump name <stack>_<YYYYMMDDTHHMMSSZ>\.dump/);
});
