import { test } from "vitest";
import assert from "node:assert/strict";
import { longestDumpGapSeconds } from "./dumpGap.js";
import { loadStackConfig, parseStackConfig } from "./load.js";
import { recoveryPoint } from "./recoveryPoint.js";
import { problems } from "./testing/problems.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const DAY = 86_400;

test("the longest gap between two runs of a schedule, in seconds, whatever its fields", () => {
  const cases: [string, number][] = [
    ["0 */6 * * *", 6 * 3600],
    ["0 2 * * *", DAY],
    ["30 1,13 * * *", 12 * 3600],
    ["* * * * *", 60],
    // Weekdays 09:00-17:55 every 5 minutes: Friday 17:55 to Monday 09:00.
    ["*/5 9-17 * * 1-5", 2 * DAY + 15 * 3600 + 5 * 60],
    // Monthly on the 1st: the longest month.
    ["0 2 1 * *", 31 * DAY],
    // Yearly: the year with a 29 February in it.
    ["0 3 15 6 *", 366 * DAY],
    // 29 February: leap year to leap year.
    ["0 0 29 2 *", (3 * 365 + 366) * DAY],
    // Day of month and day of week both set: either one runs it (every Friday, and every 13th).
    ["0 0 13 * 5", 7 * DAY],
  ];
  assert.deepEqual(
    cases.map(([schedule]) => [schedule, longestDumpGapSeconds(schedule)]),
    cases,
  );
});

test("the recovery point: archived WAL bounds it when archiving is on, the schedule when not", () => {
  const prod = loadStackConfig("prod", ROOT);
  assert.deepEqual(recoveryPoint(prod), { by: "wal", worstSeconds: 55 + 5, dumpGapSeconds: 6 * 3600 });
  assert.equal(prod.objectives.rpoSeconds, 60);
  assert.deepEqual(recoveryPoint(parseStackConfig({ tier: "local" }, "x")), {
    by: "dumps",
    worstSeconds: DAY,
    dumpGapSeconds: DAY,
  });
});

test("an RPO the dumps alone cannot meet is refused, naming the keys that would meet it", () => {
  assert.deepEqual(problems({ tier: "local", objectives: { rpoSeconds: 3600 } }), [
    'verifier:objectives.rpoSeconds | 3600 | backup.schedule "0 2 * * *" leaves up to 86400 s between dumps and ' +
      "backup.walArchiving is off, so that much committed work can be lost: set objectives.rpoSeconds to at " +
      "least 86400, a schedule that dumps at least every 3600 s, or backup.walArchiving: true with " +
      "backup.archiveTimeoutSeconds at most 3595",
  ]);
  assert.doesNotThrow(() =>
    parseStackConfig({ tier: "local", backup: { schedule: "0 * * * *" }, objectives: { rpoSeconds: 3600 } }, "x"),
  );
});

test("an RPO below the archive timeout plus the archiver's copy is refused; at that sum it is met", () => {
  const wal = (archiveTimeoutSeconds: number) => ({
    tier: "staging",
    backup: { walArchiving: true, archiveTimeoutSeconds },
    objectives: { rpoSeconds: 60 },
  });
  assert.deepEqual(problems(wal(60)), [
    "verifier:objectives.rpoSeconds | 60 | WAL archiving closes a segment only every backup.archiveTimeoutSeconds " +
      "(60 s) and copies it within 5 s, so up to 65 s of commits can be lost: set objectives.rpoSeconds to at " +
      "least 65, or backup.archiveTimeoutSeconds to at most 55",
  ]);
  assert.doesNotThrow(() => parseStackConfig(wal(55), "x"));
});
