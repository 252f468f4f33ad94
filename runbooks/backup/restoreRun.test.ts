import { test } from "vitest";
import assert from "node:assert/strict";
import { FakeTarget } from "../execute/fakeTarget.js";
import { V1, observed, warm } from "../plan/fixture.js";
import type { BackupJob } from "../targets/target.js";
import { executeRestore } from "./restoreRun.js";
import type { DumpPlan } from "./restorePlan.js";

const PLAN: DumpPlan = {
  kind: "dump",
  dump: "local_20261201T100000Z.dump",
  createdAt: "2026-12-01T10:00:00.000Z",
  database: "verifier_restore_20261207t020000z",
  steps: [],
};
const RESTORED = {
  file: PLAN.dump,
  database: "verifier",
  verified: true,
  mismatches: [],
  tables: [],
  created_at: PLAN.createdAt,
  switched: { current: "verifier", previous: "verifier_before_20261207t020000z" },
};

/** A backup job that records what it was asked and answers `answer` (or fails with `fails`). */
function job(answer: object, fails?: Error): BackupJob & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    project: "verifier-t",
    asked,
    describe: (args) => `main.js ${args.join(" ")} somewhere`,
    ask: async (args) => {
      asked.push(args);
      if (fails) throw fails;
      return `{"level":30,"msg":"restore verified"}\n${JSON.stringify(answer)}`;
    },
  };
}
const noSite = () => Promise.reject(new Error("a dump's restore must not need the Docker site"));
const live = (colour: "blue" | "green") =>
  new FakeTarget(observed({ blue: warm("blue", V1), green: warm("green", V1), declared: { activeColour: colour } }));

test("a dump restores and switches through the target's backup job, then the idle colour restarts before the live one", async () => {
  for (const [active, order] of [
    ["blue", ["restart:green", "restart:blue"]],
    ["green", ["restart:blue", "restart:green"]],
  ] as const) {
    const target = live(active);
    const asked = job(RESTORED);
    const outcome = await executeRestore(asked, noSite, "local", target, PLAN);
    assert.deepEqual(asked.asked, [["restore", PLAN.dump, PLAN.database, "--switch"]]);
    assert.deepEqual(
      target.calls.filter((c) => c.startsWith("restart:")),
      order,
    );
    assert.deepEqual(
      outcome.restarted,
      order.map((c) => `verifier-t-api-${c.slice(8)}-1`),
    );
    assert.equal(outcome.switched.previous, RESTORED.switched.previous);
    assert.equal(outcome.verify.ok, true);
  }
});

test("a job that fails restarts nothing and says the live database was not switched", async () => {
  const target = live("blue");
  await assert.rejects(
    executeRestore(
      job(RESTORED, new Error("job/backup-restore-1a2b3c failed: disk full")),
      noSite,
      "local",
      target,
      PLAN,
    ),
    {
      code: "RESTORE_FAILED",
      message: "restore failed; the live database was not switched: job/backup-restore-1a2b3c failed: disk full",
    },
  );
  assert.deepEqual(target.calls, []);
});

test("an answer without the switch (a job image older than --switch) restarts nothing and says how to fix it", async () => {
  const target = live("blue");
  const { switched: _dropped, ...unswitched } = RESTORED;
  await assert.rejects(executeRestore(job(unswitched), noSite, "local", target, PLAN), {
    code: "RESTORE_FAILED",
    message:
      /the backup job \(main\.js restore somewhere\) did not switch verifier_restore_20261207t020000z in .*update the stack's backup image/,
  });
  assert.deepEqual(target.calls, []);
});
