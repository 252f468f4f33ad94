import assert from "node:assert/strict";
import { describe, it } from "vitest";
import fc from "fast-check";
import { planRetention, type BackupRecord } from "./retention.js";
import type { BackupState } from "./state.js";

const DAY_MS = 86_400_000;
const START = Date.UTC(2024, 0, 1);

/** A backup `day` days after START (fractions allowed), with both of its files. */
function backup(day: number, state: BackupState): BackupRecord {
  const base = `prod_${day}`;
  return { base, createdAt: new Date(START + day * DAY_MS), state, files: [`${base}.dump`, `${base}.manifest.json`] };
}

const deletedFiles = (plan: ReturnType<typeof planRetention>) => plan.deletions.map((deletion) => deletion.file);

describe("planRetention", () => {
  it("20 backups and two failed runs: exactly the 14 newest verified kept, no partial files", () => {
    const verified = Array.from({ length: 20 }, (_, i) => backup(i + 1, "verified"));
    const failed = [backup(5.5, "unverified"), backup(18.5, "unverified")];
    const partial = ".prod_21.dump.partial";
    const plan = planRetention([...failed, ...verified].reverse(), [partial], 14);
    assert.deepEqual(
      plan.keep,
      Array.from({ length: 14 }, (_, i) => `prod_${20 - i}`),
    );
    assert.deepEqual(
      deletedFiles(plan).sort(),
      [
        partial,
        ...[1, 2, 3, 4, 5, 6, 5.5, 18.5].flatMap((day) => [`prod_${day}.dump`, `prod_${day}.manifest.json`]),
      ].sort(),
    );
  });

  it("says why each file goes", () => {
    const plan = planRetention(
      [backup(1, "verified"), backup(2, "corrupt"), backup(3, "verified")],
      [".prod_4.dump.partial"],
      1,
    );
    assert.deepEqual(plan.deletions, [
      { file: ".prod_4.dump.partial", reason: "left by an interrupted run" },
      { file: "prod_2.dump", reason: "corrupt and older than the newest verified backup" },
      { file: "prod_2.manifest.json", reason: "corrupt and older than the newest verified backup" },
      { file: "prod_1.dump", reason: "older than the newest 1 verified backup(s)" },
      { file: "prod_1.manifest.json", reason: "older than the newest 1 verified backup(s)" },
    ]);
  });

  it("never deletes the newest verified backup, even with newer failures and retain 0", () => {
    const plan = planRetention([backup(1, "verified"), backup(2, "unverified"), backup(3, "corrupt")], [], 0);
    assert.deepEqual(plan.keep, ["prod_3", "prod_2", "prod_1"]);
    assert.deepEqual(plan.deletions, []);
  });

  it("keeps failed runs newer than the newest verified one as evidence", () => {
    const plan = planRetention(
      [backup(1, "unverified"), backup(2, "verified"), backup(3, "unverified"), backup(4, "corrupt")],
      [],
      14,
    );
    assert.deepEqual(plan.keep, ["prod_4", "prod_3", "prod_2"]);
    assert.deepEqual(deletedFiles(plan), ["prod_1.dump", "prod_1.manifest.json"]);
  });

  it("deletes no backup while none is verified", () => {
    const plan = planRetention([backup(1, "unverified"), backup(2, "corrupt")], [".prod_3.dump.partial"], 14);
    assert.deepEqual(plan.keep, ["prod_2", "prod_1"]);
    assert.deepEqual(deletedFiles(plan), [".prod_3.dump.partial"]);
  });

  it("deletes only the files a backup has (a dump without its manifest)", () => {
    const orphan: BackupRecord = { ...backup(1, "corrupt"), files: ["prod_1.dump"] };
    assert.deepEqual(deletedFiles(planRetention([orphan, backup(2, "verified")], [], 14)), ["prod_1.dump"]);
  });

  it("for any history keeps min(verified, retain) verified backups, the newest ones, and nothing older but failures", () => {
    const state = fc.constantFrom<BackupState>("verified", "unverified", "corrupt");
    const history = fc.uniqueArray(fc.record({ day: fc.integer({ min: 0, max: 1000 }), state }), {
      selector: (entry) => entry.day,
      maxLength: 40,
    });
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 30 }), (entries, retain) => {
        const backups = entries.map((entry) => backup(entry.day, entry.state));
        const kept = new Set(planRetention(backups, [], retain).keep);
        const verifiedDays = backups
          .filter((b) => b.state === "verified")
          .map((b) => b.createdAt.getTime())
          .sort((a, b) => b - a);
        const expectedVerified = verifiedDays.slice(0, Math.max(1, retain));
        const keptVerified = backups
          .filter((b) => kept.has(b.base) && b.state === "verified")
          .map((b) => b.createdAt.getTime())
          .sort((a, b) => b - a);
        assert.deepEqual(keptVerified, expectedVerified);
        const newest = verifiedDays[0] ?? Number.NEGATIVE_INFINITY;
        for (const b of backups) {
          if (b.state !== "verified") assert.equal(kept.has(b.base), b.createdAt.getTime() > newest, b.base);
        }
      }),
    );
  });
});
