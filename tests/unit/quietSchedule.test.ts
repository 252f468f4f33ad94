import { expect, test } from "vitest";
import { cronProblem, nextRunAt } from "../../service/src/backup/schedule.js";
import { loadStackConfig } from "../../infra/config/load.js";
import { REPO_ROOT } from "../support/instance.js";
import { QUIET_OBJECTIVES, quietBackupSchedule } from "../support/quietSchedule.js";

const DAY_MS = 86_400_000;

test("the test stacks' backup schedule, made at any time of the year, next fires months later (the job's own cron reading)", () => {
  const start = Date.UTC(2026, 0, 1, 0, 0);
  const gaps = Array.from({ length: 2 * 366 }, (_, half) => {
    const now = new Date(start + half * (DAY_MS / 2) + (half % 2) * (DAY_MS / 2 - 60_000)); // 00:00 and 23:59 of each day
    const expression = quietBackupSchedule(now);
    expect(cronProblem(expression)).toBeUndefined();
    return (nextRunAt(expression, now).getTime() - now.getTime()) / DAY_MS;
  });
  expect(Math.min(...gaps)).toBeGreaterThan(150);
});

test("a stack file with it and its RPO merged in is valid, and keeps the file's other backup settings and RTO", () => {
  const schedule = quietBackupSchedule(new Date(Date.UTC(2026, 11, 7, 2, 0)));
  expect(schedule).toBe("0 3 15 6 *");
  const cfg = loadStackConfig("drills", REPO_ROOT, { backup: { schedule }, objectives: QUIET_OBJECTIVES });
  const file = loadStackConfig("drills", REPO_ROOT);
  expect(cfg.backup).toEqual({ ...file.backup, schedule });
  expect(cfg.objectives).toEqual({ rtoSeconds: file.objectives.rtoSeconds, rpoSeconds: 366 * 86_400 });
  // Without it the schema refuses the yearly schedule under the file's daily RPO, naming the key.
  expect(() => loadStackConfig("drills", REPO_ROOT, { backup: { schedule } })).toThrow(/objectives\.rpoSeconds/);
});
