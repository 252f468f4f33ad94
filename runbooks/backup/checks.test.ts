import { test } from "vitest";
import assert from "node:assert/strict";
import { checkTables, judgeObjective, rpoSeconds } from "./checks.js";

const t = (table: string, rows: number, checksum: string | null) => ({ schema: "public", table, rows, checksum });
const manifest = [t("a", 10, "c1"), t("b", 0, null), t("c", 5, "c3")];

test("exact: counts and checksums must equal the manifest's; a missing table fails", () => {
  assert.deepEqual(checkTables(manifest, [t("a", 10, "c1"), t("b", 0, null), t("c", 5, "cX")], "exact"), [
    { table: "public.a", expectedRows: 10, actualRows: 10, checksum: "equal", ok: true },
    { table: "public.b", expectedRows: 0, actualRows: 0, checksum: "equal", ok: true },
    { table: "public.c", expectedRows: 5, actualRows: 5, checksum: "different", ok: false },
  ]);
  assert.equal(checkTables(manifest, [t("a", 10, "c1")], "exact")[1]!.ok, false);
});

test("at-least: WAL may only add rows; fewer rows fail, checksums are not compared", () => {
  const checks = checkTables(manifest, [t("a", 12, "zz"), t("b", 0, null), t("c", 4, "c3")], "at-least");
  assert.deepEqual(
    checks.map((c) => [c.table, c.checksum, c.ok]),
    [
      ["public.a", "not compared", true],
      ["public.b", "not compared", true],
      ["public.c", "not compared", false],
    ],
  );
});

test("objectives: measured seconds to two decimals against the objective; RPO never negative", () => {
  assert.deepEqual(judgeObjective(12.3456, 300), { seconds: 12.35, objectiveSeconds: 300, met: true });
  assert.deepEqual(judgeObjective(300.004, 300), { seconds: 300, objectiveSeconds: 300, met: true });
  assert.equal(judgeObjective(300.006, 300).met, false);
  // Half a hundredth rounds up, as a person would: 4.145 s is 414.49999999999994 hundredths in binary (CI once saw 4.14).
  assert.equal(judgeObjective(rpoSeconds(new Date(10_000), new Date(5_855)), 60).seconds, 4.15);
  assert.equal(judgeObjective(1.005, 60).seconds, 1.01);
  assert.equal(rpoSeconds(new Date("2024-01-01T00:00:10Z"), new Date("2024-01-01T00:00:04.5Z")), 5.5);
  assert.equal(rpoSeconds(new Date("2024-01-01T00:00:10Z"), new Date("2024-01-01T00:00:11Z")), 0);
});
