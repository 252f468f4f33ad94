import assert from "node:assert/strict";
import { describe, it } from "vitest";

const never = (): never => assert.fail("not expected to be called");
import { cronProblem, nextRunAt } from "./schedule.js";
import { abortableSleep, runOnSchedule } from "./scheduler.js";

/** A clock that only moves when the scheduler sleeps or a job says it took time. */
function fakeTime(startIso: string) {
  let nowMs = Date.parse(startIso);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => new Date(nowMs),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      nowMs += ms;
    },
    advance: (ms: number) => {
      nowMs += ms;
    },
    iso: () => new Date(nowMs).toISOString(),
  };
}

describe("nextRunAt and cronProblem", () => {
  it("gives the next time strictly after the given one, in UTC", () => {
    assert.equal(
      nextRunAt("0 3 * * *", new Date("2024-01-01T02:59:59.500Z")).toISOString(),
      "2024-01-01T03:00:00.000Z",
    );
    assert.equal(
      nextRunAt("0 3 * * *", new Date("2024-01-01T03:00:00.000Z")).toISOString(),
      "2024-01-02T03:00:00.000Z",
    );
    assert.equal(nextRunAt("30 1 * * 0", new Date("2024-01-01T00:00:00Z")).toISOString(), "2024-01-07T01:30:00.000Z");
  });

  it("accepts five valid fields only", () => {
    assert.equal(cronProblem("*/15 2-4 * * 1-5"), undefined);
    assert.equal(cronProblem("0 0 3 * * *"), "5 space-separated fields, found 6");
    assert.equal(cronProblem("@daily"), "5 space-separated fields, found 1");
    assert.equal(cronProblem("0 24 * * *"), "Constraint error, got value 24 expected range 0-23");
  });
});

describe("runOnSchedule", () => {
  it("runs at each cron time and goes on after a failed run", async () => {
    const time = fakeTime("2024-01-01T02:59:30Z");
    const controller = new AbortController();
    const runs: string[] = [];
    const failures: unknown[] = [];
    const job = async () => {
      runs.push(time.iso());
      time.advance(90_000);
      if (runs.length === 1) throw new Error("database down");
      if (runs.length === 3) controller.abort();
    };
    await runOnSchedule({
      expression: "0 3 * * *",
      job,
      onFailure: (e) => failures.push(e),
      signal: controller.signal,
      now: time.now,
      sleep: time.sleep,
    });
    assert.deepEqual(runs, ["2024-01-01T03:00:00.000Z", "2024-01-02T03:00:00.000Z", "2024-01-03T03:00:00.000Z"]);
    assert.deepEqual(
      failures.map((e) => (e as Error).message),
      ["database down"],
    );
    assert.deepEqual(time.sleeps, [30_000, 86_400_000 - 90_000, 86_400_000 - 90_000]);
  });

  it("a nudge starts the run at once; the schedule then goes on from the time after it", async () => {
    const time = fakeTime("2024-01-01T01:00:00Z");
    const controller = new AbortController();
    const runs: string[] = [];
    let wake: (() => void) | undefined;
    let registered = 0;
    const sleep = async (ms: number, signal: AbortSignal) => {
      if (runs.length === 0) return void wake!();
      if (!signal.aborted) await time.sleep(ms);
    };
    const job = async () => {
      runs.push(time.iso());
      if (runs.length === 2) controller.abort();
    };
    await runOnSchedule({
      expression: "0 3 * * *",
      job,
      onFailure: never,
      signal: controller.signal,
      now: time.now,
      sleep,
      onNudge: (w) => {
        wake = w;
        registered += 1;
        return () => {
          registered -= 1;
        };
      },
    });
    assert.deepEqual(runs, ["2024-01-01T01:00:00.000Z", "2024-01-01T03:00:00.000Z"]);
    assert.equal(registered, 0);
  });

  it("never starts a run while one is going: a long run skips the times it overlaps", async () => {
    const time = fakeTime("2024-01-01T03:00:00Z");
    const controller = new AbortController();
    const runs: string[] = [];
    let active = 0;
    const job = async () => {
      active += 1;
      assert.equal(active, 1);
      runs.push(time.iso());
      time.advance(12 * 60_000);
      active -= 1;
      if (runs.length === 3) controller.abort();
    };
    await runOnSchedule({
      expression: "*/5 * * * *",
      job,
      onFailure: never,
      signal: controller.signal,
      now: time.now,
      sleep: time.sleep,
    });
    assert.deepEqual(runs, ["2024-01-01T03:05:00.000Z", "2024-01-01T03:20:00.000Z", "2024-01-01T03:35:00.000Z"]);
  });

  it("splits waits longer than a timer can hold", async () => {
    const time = fakeTime("2024-01-01T00:00:01Z");
    const controller = new AbortController();
    const job = async () => {
      controller.abort();
    };
    await runOnSchedule({
      expression: "0 0 1 1 *",
      job,
      onFailure: never,
      signal: controller.signal,
      now: time.now,
      sleep: time.sleep,
    });
    assert.equal(
      time.sleeps.reduce((sum, ms) => sum + ms, 0),
      366 * 86_400_000 - 1000,
    );
    assert.ok(time.sleeps.every((ms) => ms <= 2_147_483_647));
    assert.equal(time.sleeps.length, 15);
  });

  it("stops during the wait when aborted, without running", async () => {
    const controller = new AbortController();
    const nexts: string[] = [];
    await runOnSchedule({
      expression: "0 3 * * *",
      job: never,
      onFailure: never,
      signal: controller.signal,
      now: () => new Date("2024-01-01T00:00:00Z"),
      sleep: async () => controller.abort(),
      onNext: (at) => nexts.push(at.toISOString()),
    });
    assert.deepEqual(nexts, ["2024-01-01T03:00:00.000Z"]);
  });

  it("abortableSleep resolves as soon as the signal aborts", { timeout: 5_000 }, async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(3_600_000, controller.signal);
    controller.abort();
    assert.equal(await sleeping, undefined);
  });
});
