import { test } from "vitest";
import assert from "node:assert/strict";
import type { ListedBackup } from "../plan/backups.js";
import { describeAttempt, planAttempts } from "./candidates.js";
import type { ListedBase, PhysicalListing } from "./schemas.js";

const dump = (ts: string, state: string, reason = "r"): ListedBackup => ({
  file: `p_${ts}.dump`,
  created_at: `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(9, 11)}:00:00.000Z`,
  state,
  reason,
  size_bytes: 1,
  sha256: "a".repeat(64),
  schema_version: 5,
  verified_at: null,
});
const base = (ts: string, state: "usable" | "unusable", start: string): ListedBase => ({
  name: `p_${ts}`,
  created_at: "x",
  state,
  reason: "r",
  paired_dump: `p_${ts}.dump`,
  start_wal_file: start,
  start_time: "2024-01-03T02:00:01.000Z",
  end_lsn: "0/1",
  sha256: "b".repeat(64),
});
const seg = (n: number) => `00000001000000000000000${n}`;

// Newest first, as the job lists them.
const listing = [
  dump("20240104T020000Z", "corrupt", "dump no longer matches its manifest (sha256)"),
  dump("20240103T020000Z", "verified"),
  dump("20240102T020000Z", "unverified"),
  dump("20240101T020000Z", "verified"),
];

test("dumps only: every verified dump newest first; the corrupt newer one is skipped with the job's reason", () => {
  const plan = planAttempts(listing, undefined);
  assert.deepEqual(plan.attempts.map(describeAttempt), [
    "dump p_20240103T020000Z.dump",
    "dump p_20240101T020000Z.dump",
  ]);
  assert.deepEqual(plan.skipped, [
    { file: "p_20240104T020000Z.dump", reason: "corrupt: dump no longer matches its manifest (sha256)" },
  ]);
});

test("with WAL: base backup + the segments from its first one go first, the dumps stay as fallbacks", () => {
  const physical: PhysicalListing = {
    bases: [base("20240103T020000Z", "usable", seg(5)), base("20240101T020000Z", "usable", seg(2))],
    wal: [2, 3, 4, 5, 6, 7].map(seg),
    newest_segment_at: null,
  };
  const plan = planAttempts(listing, physical);
  assert.deepEqual(plan.attempts.map(describeAttempt), [
    "base backup p_20240103T020000Z + 3 WAL segment(s)",
    "dump p_20240103T020000Z.dump",
    "dump p_20240101T020000Z.dump",
  ]);
  const first = plan.attempts[0]!;
  assert.ok(first.kind === "physical");
  assert.deepEqual(
    [first.segments, first.dump, first.base.sha256],
    [[5, 6, 7].map(seg), "p_20240103T020000Z.dump", "b".repeat(64)],
  );
});

test("a base backup that is unusable, or whose dump is not verified, is passed over for an older one", () => {
  const physical: PhysicalListing = {
    bases: [
      base("20240104T020000Z", "usable", seg(7)),
      base("20240103T020000Z", "unusable", seg(5)),
      base("20240101T020000Z", "usable", seg(2)),
    ],
    wal: [2, 7].map(seg),
    newest_segment_at: null,
  };
  assert.equal(
    describeAttempt(planAttempts(listing, physical).attempts[0]!),
    "base backup p_20240101T020000Z + 2 WAL segment(s)",
  );
});

test("nothing verified: no attempt, everything newer skipped", () => {
  const plan = planAttempts([dump("20240102T020000Z", "unverified", "verification never finished")], undefined);
  assert.deepEqual(plan, {
    attempts: [],
    skipped: [{ file: "p_20240102T020000Z.dump", reason: "unverified: verification never finished" }],
  });
});
