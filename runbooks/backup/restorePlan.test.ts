import { test } from "vitest";
import assert from "node:assert/strict";
import type { ListedBackup } from "../plan/backups.js";
import { chainFrom } from "./pitrPlan.js";
import { planRestore, type RestoreRequest } from "./restorePlan.js";
import type { PhysicalListing } from "./schemas.js";

const b = (file: string, at: string, state: string): ListedBackup => ({
  file,
  created_at: at,
  state,
  reason: `${state} reason`,
  size_bytes: 1,
  sha256: null,
  schema_version: null,
  verified_at: null,
});
const listing = [
  b("p_20240103T000000Z.dump", "2024-01-03T00:00:00.000Z", "corrupt"),
  b("p_20240102T000000Z.dump", "2024-01-02T00:00:00.000Z", "verified"),
  b("p_20240101T120000Z.dump", "2024-01-01T12:00:00.000Z", "unverified"),
  b("p_20240101T000000Z.dump", "2024-01-01T00:00:00.000Z", "verified"),
];
const now = new Date("2024-01-05T06:07:08.9Z");
const dumps = { listing, physical: undefined, project: "verifier-p" };
const req = (r: Partial<RestoreRequest>): RestoreRequest => ({ from: "latest", force: false, dumpOnly: false, ...r });
const code = (c: string, re: RegExp) => (e: Error & { code?: string }) => e.code === c && re.test(e.message);
const dumpOf = (p: ReturnType<typeof planRestore>) => (p.kind === "dump" ? p.dump : assert.fail(`a ${p.kind} plan`));

test("latest is the newest verified dump; --to-time --dump-only the newest verified at or before it", () => {
  const plan = planRestore(dumps, req({}), now);
  assert.deepEqual(
    [plan.kind, dumpOf(plan), plan.database],
    ["dump", "p_20240102T000000Z.dump", "verifier_restore_20240105t060708z"],
  );
  assert.equal(
    dumpOf(planRestore(dumps, req({ toTime: new Date("2024-01-01T23:59:59Z"), dumpOnly: true }), now)),
    "p_20240101T000000Z.dump",
  );
  assert.throws(
    () => planRestore(dumps, req({ toTime: new Date("2023-12-31T00:00:00Z"), dumpOnly: true }), now),
    code("NO_USABLE_BACKUP", /no verified backup taken at or before 2023-12-31T00:00:00.000Z among 4 listed/),
  );
});

test("a named dump: never a corrupt one; an unverified one only with --force", () => {
  assert.throws(
    () => planRestore(dumps, req({ from: "p_20240103T000000Z.dump", force: true }), now),
    code("NO_USABLE_BACKUP", /is corrupt \(corrupt reason\); pick another or latest/),
  );
  assert.throws(
    () => planRestore(dumps, req({ from: "p_20240101T120000Z.dump" }), now),
    code("NO_USABLE_BACKUP", /is unverified \(unverified reason\); pass --force/),
  );
  assert.equal(
    dumpOf(planRestore(dumps, req({ from: "p_20240101T120000Z.dump", force: true }), now)),
    "p_20240101T120000Z.dump",
  );
  assert.throws(
    () => planRestore(dumps, req({ from: "p_20230101T000000Z.dump", force: true }), now),
    code("NO_USABLE_BACKUP", /no such backup/),
  );
});

test("the dump plan says every step, the live database kept", () => {
  assert.deepEqual(planRestore(dumps, req({}), now).steps, [
    "restore p_20240102T000000Z.dump (2024-01-02T00:00:00.000Z) into a new database verifier_restore_20240105t060708z and compare every table with its manifest",
    "rename the live database away (kept, connections off) and verifier_restore_20240105t060708z into its place",
    "restart the api containers one at a time, the idle colour first, each waiting for health",
    "verify through the proxy",
  ]);
});

test("flags that do not go together, and a time in the future, are refused", () => {
  assert.throws(
    () => planRestore(dumps, req({ dumpOnly: true }), now),
    code("NO_USABLE_BACKUP", /^--dump-only goes with --to-time <iso>/),
  );
  assert.throws(
    () => planRestore(dumps, req({ from: "p_20240102T000000Z.dump", toTime: new Date("2024-01-02T00:00:00Z") }), now),
    code("NO_USABLE_BACKUP", /^--to-time goes with --from latest, not --from p_20240102T000000Z\.dump/),
  );
  assert.throws(
    () => planRestore(dumps, req({ toTime: new Date("2024-01-06T00:00:00Z") }), now),
    code("NO_USABLE_BACKUP", /^--to-time 2024-01-06T00:00:00.000Z is in the future \(now 2024-01-05T06:07:08.900Z\)/),
  );
});

test("without WAL archiving --to-time is refused, naming the dump --dump-only would restore and what it loses", () => {
  assert.throws(
    () => planRestore(dumps, req({ toTime: new Date("2024-01-02T10:00:00Z") }), now),
    code(
      "TIME_NOT_RECOVERABLE",
      /^--to-time 2024-01-02T10:00:00.000Z: WAL archiving is off for this stack \(backup.walArchiving\), so only the dumps' own times are recoverable; or pass --dump-only to restore p_20240102T000000Z.dump \(taken 2024-01-02T00:00:00.000Z\), losing every commit between then and 2024-01-02T10:00:00.000Z$/,
    ),
  );
});

const base = (name: string, start: string, wal: string, state = "usable") =>
  ({
    name,
    created_at: start,
    state,
    reason: "r",
    paired_dump: `${name}.dump`,
    start_wal_file: wal,
    start_time: start,
    end_lsn: "0/3000100",
    sha256: "ab".repeat(32),
  }) as PhysicalListing["bases"][number];
const seg = (n: number) =>
  `00000001000000${n >= 0x100 ? "01" : "00"}000000${(n % 0x100).toString(16).toUpperCase().padStart(2, "0")}`;
const physical: PhysicalListing = {
  bases: [
    base("p_20240102T000000Z", "2024-01-02T00:00:05.000Z", seg(0xfe)),
    base("p_20240101T000000Z", "2024-01-01T00:00:05.000Z", seg(3)),
    base("p_20231231T000000Z", "2023-12-31T00:00:05.000Z", seg(1), "unusable"),
  ],
  wal: [seg(1), seg(2), seg(3), seg(4), seg(0xfe), seg(0xff), seg(0x100), seg(0x101), "00000002.history"].filter(
    (n) => n.length === 24,
  ),
  newest_segment_at: "2024-01-04T00:00:00.000Z",
};
const pitr = { listing, physical, project: "verifier-p" };

test("--to-time with archiving: the newest usable base backup started at or before it, every segment after it, a throwaway named by the time", () => {
  const plan = planRestore(pitr, req({ toTime: new Date("2024-01-03T12:00:00Z") }), now);
  assert.deepEqual(plan, {
    kind: "pitr",
    toTime: "2024-01-03T12:00:00.000Z",
    base: { name: "p_20240102T000000Z", sha256: "ab".repeat(32), startTime: "2024-01-02T00:00:05.000Z" },
    segments: [seg(0xfe), seg(0xff), seg(0x100), seg(0x101)],
    newestRecoverable: "2024-01-04T00:00:00.000Z",
    database: "verifier_restore_20240105t060708z",
    recovery: { container: "verifier-p-pitr-20240105t060708z", volume: "verifier-p-pitr-20240105t060708z" },
    steps: [
      "stage base backup p_20240102T000000Z (started 2024-01-02T00:00:05.000Z) and 4 archived WAL segment(s) into a fresh volume verifier-p-pitr-20240105t060708z",
      "start a throwaway postgres verifier-p-pitr-20240105t060708z that replays the WAL until 2024-01-03T12:00:00.000Z (recovery_target_time, inclusive) and promotes",
      "copy its database into a new database verifier_restore_20240105t060708z (one snapshot, streamed) and compare every table with the recovered server",
      "rename the live database away (kept, connections off) and verifier_restore_20240105t060708z into its place",
      "restart the api containers one at a time, the idle colour first, each waiting for health",
      "verify through the proxy",
      "remove verifier-p-pitr-20240105t060708z and its volume",
    ],
  });
  // Before the newest base backup the older one is the start, and its chain must be whole: here segments 5 … FD are gone.
  assert.throws(
    () => planRestore(pitr, req({ toTime: new Date("2024-01-02T00:00:04Z") }), now),
    code(
      "TIME_NOT_RECOVERABLE",
      new RegExp(
        `WAL segment ${seg(5)} is missing from the archive, so recovery from p_20240101T000000Z stops before it`,
      ),
    ),
  );
});

test("--to-time past the archive's end, before the oldest usable base, or across a gap is refused with the recoverable window", () => {
  const window =
    /\(recoverable: 2024-01-01T00:00:05.000Z … 2024-01-04T00:00:00.000Z\); or pass --dump-only to restore p_20240102T000000Z.dump/;
  assert.throws(
    () => planRestore(pitr, req({ toTime: new Date("2024-01-04T00:00:01Z") }), now),
    code(
      "TIME_NOT_RECOVERABLE",
      /^--to-time 2024-01-04T00:00:01.000Z: no archived WAL reaches it: the newest recoverable time is 2024-01-04T00:00:00.000Z; pick a time at or before that/,
    ),
  );
  assert.throws(
    () => planRestore(pitr, req({ toTime: new Date("2024-01-04T00:00:01Z") }), now),
    code("TIME_NOT_RECOVERABLE", window),
  );
  assert.throws(
    () => planRestore(pitr, req({ toTime: new Date("2023-12-31T12:00:00Z") }), now),
    code(
      "TIME_NOT_RECOVERABLE",
      /it is before the oldest usable base backup, p_20240101T000000Z .*; and no verified dump was taken at or before it either$/,
    ),
  );
  const gappy = { ...pitr, physical: { ...physical, wal: physical.wal.filter((n) => n !== seg(0xff)) } };
  assert.throws(
    () => planRestore(gappy, req({ toTime: new Date("2024-01-03T12:00:00Z") }), now),
    code(
      "TIME_NOT_RECOVERABLE",
      new RegExp(
        `WAL segment ${seg(0xff)} is missing from the archive, so recovery from p_20240102T000000Z stops before it`,
      ),
    ),
  );
});

test("the WAL chain runs across a log boundary and stops at the first missing segment", () => {
  assert.deepEqual(chainFrom([seg(0xff), seg(0x100)], seg(0xff)), {
    names: ["0000000100000000000000FF", "000000010000000100000000"],
  });
  assert.deepEqual(chainFrom([seg(2), seg(4)], seg(2)), { names: [seg(2), seg(4)], gap: seg(3) });
  assert.deepEqual(chainFrom([seg(4)], seg(3)), { names: [seg(4)], gap: seg(3) });
});
