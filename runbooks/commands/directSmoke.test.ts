import { test } from "vitest";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AnyCommand, CommandContext } from "../cli/command.js";
import { RunbookError } from "../cli/errors.js";
import { FakeTarget } from "../execute/fakeTarget.js";
import type { DirectSmoke } from "../plan/capabilities.js";
import { V1, V2, entry, observed, warm } from "../plan/fixture.js";
import type { Observed } from "../plan/types.js";
import { deploy } from "./deploy.js";
import { flip } from "./flip.js";
import { rollback } from "./rollback.js";
import { smoke } from "./smoke.js";

const CANNOT: DirectSmoke = { able: false, why: "stack t (Pulumi.t.yaml) has no preview listeners" };
const both = () => observed({ blue: warm("blue", V1), green: warm("green", V1) });
const greenLive = () =>
  observed({
    blue: warm("blue", V1),
    green: warm("green", V2),
    declared: { activeColour: "green" },
    releases: [entry("blue", "green", { blue: V1, green: V2 })],
  });

/** Each command whose plan smokes a colour directly, the situation it runs in, and what it does when it can. */
const CASES: {
  command: AnyCommand;
  values: Record<string, unknown>;
  o: () => Observed;
  colour: string;
  calls: string[];
}[] = [
  {
    command: deploy,
    values: { image: V2, requests: 50 },
    o: both,
    colour: "green",
    calls: [
      `start:green:${V2}`,
      "await-healthy:green",
      "migrations:green",
      "smoke:green",
      "switch:blue→green",
      "verify:green",
      "declare:green",
    ],
  },
  {
    command: flip,
    values: { requests: 50 },
    o: both,
    colour: "green",
    calls: ["smoke:green", "switch:blue→green", "verify:green", "declare:green"],
  },
  {
    command: rollback,
    values: { requests: 50 },
    o: greenLive,
    colour: "blue",
    calls: ["smoke:blue", "switch:green→blue", "verify:blue", "declare:blue"],
  },
  { command: smoke, values: { colour: "green" }, o: both, colour: "green", calls: ["smoke:green"] },
];

function context(
  command: AnyCommand,
  values: Record<string, unknown>,
  target: FakeTarget,
  dryRun = false,
): CommandContext<Record<string, unknown>> {
  return {
    command: command.name,
    stack: "t",
    instance: "t",
    repoRoot: "/nonexistent",
    overrides: {},
    values,
    common: { dryRun, yes: false, json: false },
    operator: { interactive: false, ask: async () => assert.fail("must not ask") },
    commandLine: `ops ${command.name} t`,
    target: async () => target,
  };
}

for (const c of CASES) {
  test(`${c.command.name} on a target that cannot smoke a colour directly is refused before any step; no lock or release is left`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "direct-smoke-"));
    const target = new FakeTarget(c.o(), [], { directSmoke: CANNOT, dir });
    await assert.rejects(c.command.run(context(c.command, c.values, target)), (e: unknown) => {
      assert.ok(e instanceof RunbookError);
      assert.equal(e.code, "TARGET_UNSUPPORTED");
      assert.equal(
        e.message,
        `${c.command.name} would smoke ${c.colour} directly (not through the proxy), but stack t (Pulumi.t.yaml) has no preview listeners; nothing was changed`,
      );
      return true;
    });
    assert.deepEqual(target.calls, []);
    assert.equal(existsSync(target.files.lock), false);
    assert.equal(existsSync(target.files.releaseLog), false);
  });

  test(`${c.command.name} --dry-run on such a target is refused too, so the plan it prints is one that can run`, async () => {
    const target = new FakeTarget(c.o(), [], { directSmoke: CANNOT });
    await assert.rejects(
      c.command.run(context(c.command, c.values, target, true)),
      (e: unknown) => e instanceof RunbookError && e.code === "TARGET_UNSUPPORTED",
    );
    assert.deepEqual(target.calls, []);
  });

  test(`${c.command.name} on a target that can smoke a colour directly runs as before`, async () => {
    const target = new FakeTarget(c.o(), [], { dir: mkdtempSync(join(tmpdir(), "direct-smoke-")) });
    await c.command.run(context(c.command, c.values, target));
    assert.deepEqual(target.calls, c.calls);
  });
}

test("a deploy of what already serves is a no-op: nothing would be smoked, so nothing is refused", async () => {
  const o = observed({ blue: warm("blue", V2), green: warm("green", V1) });
  const result = await deploy.run(
    context(
      deploy,
      { image: V2, requests: 50 },
      new FakeTarget(o, [], { directSmoke: CANNOT, dir: mkdtempSync(join(tmpdir(), "direct-smoke-")) }),
    ),
  );
  assert.equal(result.data.outcome, "noop");
});
