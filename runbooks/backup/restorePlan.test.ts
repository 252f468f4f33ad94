import { test } from "node:test";
import assert from "node:assert/strict";
import type { ListedBackup } from "../plan/backups.js";
import { planRestore } from "./restorePlan.js";

const b = (file: string, at: string, state: string): ListedBackup =>
  ({ file, created_at: at, state, reason: `${state} reason`, size_bytes: 1, sha256: null, schema_version: null, verified_at: null });
const listing = [
  b("p_20240103T000000Z.dump", "2024-01-03T00:00:00.000Z", "corrupt"),
  b("p_20240102T000000Z.dump", "2024-01-02T00:00:00.000Z", "verified"),
  b("p_20240101T120000Z.dump", "2024-01-01T12:00:00.000Z", "unverified"),
  b("p_20240101T000000Z.dump", "2024-01-01T00:00:00.000Z", "verified"),
];
const now = new Date("2024-01-05T06:07:08.9Z");
const code = (re: RegExp) => (e: Error & { code?: string }) => e.code === "NO_USABLE_BACKUP" && re.test(e.message);

test("latest is the newest verified dump; --to-time the newest verified at or before it", () => {
  const plan = planRestore(listing, { from: "latest", force: false }, now);
  assert.deepEqual([plan.dump, plan.database], ["p_20240102T000000Z.dump", "verifier_restore_20240105t060708z"]);
  assert.equal(planRestore(listing, { from: "latest", toTime: new Date("2024-01-01T23:59:59Z"), force: false }, now).dump, "p_20240101T000000Z.dump");
  assert.throws(() => planRestore(listing, { from: "latest", toTime: new Date("2023-12-31T00:00:00Z"), force: false }, now), code(/no verified backup taken at or before 2023-12-31T00:00:00.000Z among 4 listed/));
});

test("a named dump: never a corrupt one; an unverified one only with --force", () => {
  assert.throws(() => planRestore(listing, { from: "p_20240103T000000Z.dump", force: true }, now), code(/is corrupt \(corrupt reason\); pick another or latest/));
  assert.throws(() => planRestore(listing, { from: "p_20240101T120000Z.dump", force: false }, now), code(/is unverified \(unverified reason\); pass --force/));
  assert.equal(planRestore(listing, { from: "p_20240101T120000Z.dump", force: true }, now).dump, "p_20240101T120000Z.dump");
  assert.throws(() => planRestore(listing, { from: "p_20230101T000000Z.dump", force: true }, now), code(/no such backup/));
});

test("the plan says every step, the live database kept", () => {
  assert.deepEqual(planRestore(listing, { from: "latest", force: false }, now).steps, [
    "restore p_20240102T000000Z.dump (2024-01-02T00:00:00.000Z) into a new database verifier_restore_20240105t060708z and compare every table with its manifest",
    "rename the live database away (kept, connections off) and verifier_restore_20240105t060708z into its place",
    "restart the api containers one at a time, the idle colour first, each waiting for health",
    "verify through the proxy",
  ]);
});
