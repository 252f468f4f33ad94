import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { run } from "../../infra/exec/run.js";
import { COMMANDS } from "../commands/registry.js";
import { globalHelp } from "./help.js";

const BIN = new URL("../bin", import.meta.url).pathname;
const ZX = new URL("../../node_modules/.bin/zx", import.meta.url).pathname;

/** Every runbook runs as a zx script too (`npx zx runbooks/bin/<command>.mjs`), and `ops --help` says so. */
describe("runbooks as zx scripts", () => {
  it("one script per registered command, each running that command, and no other", () => {
    const scripts = readdirSync(BIN).filter((f) => f.endsWith(".mjs") && f !== "runbook.mjs" && f !== "ops.mjs");
    assert.deepEqual(scripts.sort(), COMMANDS.map((c) => `${c.name}.mjs`).sort());
    for (const c of COMMANDS)
      assert.match(
        readFileSync(join(BIN, `${c.name}.mjs`), "utf8"),
        new RegExp(`runbook\\("${c.name}", import\\.meta\\.url\\)`),
      );
    assert.match(globalHelp(COMMANDS), /npx zx runbooks\/bin\/<command>\.mjs <stack> \[options\]/);
  });

  it("a script passes its arguments to the runbook and exits with its status", async () => {
    assert.match(await run([ZX, join(BIN, "status.mjs"), "--help"]), /^usage: ops status <stack>/);
    const refused = await run([ZX, join(BIN, "flip.mjs"), "nosuchstack"]).catch(
      (e: { exitCode: number; stderrTail: string }) => e,
    );
    assert.equal(typeof refused === "object" && refused.exitCode, 2);
    assert.match(
      (refused as { stderrTail: string }).stderrTail,
      /<stack> "nosuchstack" must be one of local, staging, prod, drills/,
    );
  });
});
