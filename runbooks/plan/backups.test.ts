import { test } from "vitest";
import assert from "node:assert/strict";
import { backupListingSchema, humanAge, summariseBackups, type ListedBackup } from "./backups.js";

const NOW = new Date("2025-03-01T12:00:00.000Z");
const backup = (
  created_at: string,
  state: string,
  file: string | null = `verifier-local-${created_at}.dump`,
): ListedBackup => ({
  file,
  created_at,
  state,
  reason: state === "verified" ? "restore test passed" : "restore test failed",
  size_bytes: 10,
  sha256: "ab",
  schema_version: 1,
  verified_at: null,
});

test("no backups: said so", () => {
  assert.deepEqual(summariseBackups([], NOW), { count: 0, text: "no backup yet" });
});

test("the newest verified backup and its age, beside the newest of any state", () => {
  const listing = [backup("2025-03-01T11:00:00.000Z", "failed"), backup("2025-03-01T09:00:00.000Z", "verified")];
  const s = summariseBackups(listing, NOW);
  assert.deepEqual(s.newest, {
    file: listing[0]!.file,
    createdAt: "2025-03-01T11:00:00.000Z",
    state: "failed",
    ageSeconds: 3600,
  });
  assert.deepEqual(s.newestVerified, {
    file: listing[1]!.file,
    createdAt: "2025-03-01T09:00:00.000Z",
    ageSeconds: 10800,
  });
  assert.equal(s.text, "last verified backup 2025-03-01T09:00:00.000Z (3h ago)");
});

test("only unverified backups: the text says none is verified and why the newest is not", () => {
  const s = summariseBackups([backup("2025-03-01T11:59:00.000Z", "failed")], NOW);
  assert.equal(s.newestVerified, undefined);
  assert.equal(s.text, "no verified backup; newest is failed from 2025-03-01T11:59:00.000Z (restore test failed)");
});

test("ages read at a glance", () => {
  assert.deepEqual([59, 119, 120, 7199, 7200, 172800].map(humanAge), ["59s", "119s", "2m", "120m", "2h", "2d"]);
});

test("the listing schema accepts the backup job's shape and refuses another", () => {
  assert.equal(backupListingSchema.safeParse([backup("2025-03-01T11:00:00.000Z", "verified")]).success, true);
  assert.equal(backupListingSchema.safeParse([{ file: "x" }]).success, false);
});
