import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { CommandError, pipe, run, succeeds } from "./run.js";

/** The one seam every external command of the runbooks and the local environment goes through. */
const dir = mkdtempSync(join(tmpdir(), "verifier-run-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("run", () => {
  it("passes every argument as one word, never through a shell's expansion", async () => {
    const words = ["a b", "$HOME", "'q'", '"d"', "`id`", ";true", "*", "\\n", "", "ü"];
    assert.equal(await run(["printf", "%s|", ...words]), `${words.join("|")}|`);
  });

  it("answers stdout; writes input to stdin; runs in cwd with exactly the given environment", async () => {
    assert.equal(await run(["cat"], { input: "in\n" }), "in\n");
    assert.equal(await run(["pwd"], { cwd: dir }), `${dir}\n`);
    assert.equal(await run(["sh", "-c", 'printf "%s" "$ONLY"'], { env: { PATH: process.env.PATH, ONLY: "x" } }), "x");
  });

  it("a failure is a CommandError with the argv, the exit code and the last lines printed", async () => {
    const failed = await run(["sh", "-c", "echo out; echo err >&2; exit 3"]).catch((e: unknown) => e);
    assert.ok(failed instanceof CommandError);
    assert.deepEqual(
      [failed.argv, failed.exitCode, failed.stderrTail],
      [["sh", "-c", "echo out; echo err >&2; exit 3"], 3, "err | out"],
    );
    assert.equal(failed.message, "`sh -c echo out; echo err >&2; exit 3` exited with 3: err | out");
  });

  it("a command that does not exist fails as a CommandError naming it", async () => {
    const failed = await run(["verifier-no-such-command", "x"]).catch((e: unknown) => e);
    assert.ok(failed instanceof CommandError);
    assert.match(failed.message, /^`verifier-no-such-command x` exited with/);
    assert.equal(await succeeds(["verifier-no-such-command"]), false);
    assert.equal(await succeeds(["true"]), true);
  });

  it("a command past its time limit is killed and fails", async () => {
    const failed = await run(["sleep", "30"], { timeoutMs: 200 }).catch((e: unknown) => e);
    assert.ok(failed instanceof CommandError);
    assert.notEqual(failed.exitCode, 0);
  });
});

describe("pipe", () => {
  it("streams one command's stdout into the other's stdin", async () => {
    assert.equal(await pipe(["printf", "b\\na\\n"], ["sort"]), "a\nb\n");
  });

  it("fails when either side fails, with that side's exit code", async () => {
    const producer = await pipe(["sh", "-c", "exit 4"], ["cat"]).catch((e: unknown) => e);
    const consumer = await pipe(["printf", "x"], ["sh", "-c", "cat >/dev/null; exit 5"]).catch((e: unknown) => e);
    assert.deepEqual([(producer as CommandError).exitCode, (consumer as CommandError).exitCode], [4, 5]);
  });
});
