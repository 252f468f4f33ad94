import { test } from "vitest";
import assert from "node:assert/strict";
import type { Operator } from "./command.js";
import { confirm } from "./confirm.js";
import { RunbookError } from "./errors.js";

const operator = (interactive: boolean, answer = ""): Operator & { asked: string[] } => {
  const asked: string[] = [];
  return { interactive, asked, ask: async (q) => (asked.push(q), answer) };
};
const code = (c: string) => (e: unknown) => e instanceof RunbookError && e.code === c;

test("local, staging and drills are not asked about", async () => {
  for (const tier of ["local", "staging", "drills"]) {
    const op = operator(false);
    await confirm("deploy", "x", tier, false, op);
    assert.deepEqual(op.asked, []);
  }
});

test("prod without a terminal is refused at once, never waited on", async () => {
  await assert.rejects(
    confirm("deploy prod: blue → green", "prod", "prod", false, operator(false)),
    code("CONFIRMATION_REQUIRED"),
  );
});

test("prod with --yes goes ahead without asking", async () => {
  const op = operator(false);
  await confirm("deploy", "prod", "prod", true, op);
  assert.deepEqual(op.asked, []);
});

test("prod on a terminal: the operator must type the stack name", async () => {
  const yes = operator(true, "prod\n");
  await confirm("deploy prod: blue → green", "prod", "prod", false, yes);
  assert.equal(yes.asked[0], "deploy prod: blue → green\nType the stack name (prod) to go ahead: ");
  await assert.rejects(confirm("deploy", "prod", "prod", false, operator(true, "y")), code("CONFIRMATION_DECLINED"));
});
