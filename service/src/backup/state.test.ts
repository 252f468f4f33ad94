import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { PENDING_VERIFICATION, type Manifest } from "./manifest.js";
import { judgeBackup } from "./state.js";

const SHA = "a".repeat(64);
const manifest = (verification: Manifest["verification"]): Manifest => ({
  manifest_format: 1,
  file: "prod_20240101T000000Z.dump",
  stack: "prod",
  database: "verifier",
  sha256: SHA,
  size_bytes: 10,
  created_at: "2024-01-01T00:00:00.000Z",
  server_version: "17.2",
  pg_dump_version: "17.2",
  schema_version: 3,
  tables: [],
  verification,
});
const passed = { verified: true, at: "2024-01-01T00:01:00.000Z", mismatches: [] };
const observed = (m: Manifest, actual = { sha256: SHA, size_bytes: 10 }) => ({
  dumpFile: "prod_20240101T000000Z.dump",
  manifest: { ok: true as const, manifest: m },
  actual,
});

describe("judgeBackup", () => {
  it("counts a verified backup whose file still matches", () => {
    assert.deepEqual(judgeBackup(observed(manifest(passed))), {
      state: "verified",
      reason: "verified at 2024-01-01T00:01:00.000Z",
    });
  });

  it("calls a changed file corrupt, even if it was verified", () => {
    assert.deepEqual(judgeBackup(observed(manifest(passed), { sha256: "b".repeat(64), size_bytes: 10 })), {
      state: "corrupt",
      reason: "dump no longer matches its manifest (sha256)",
    });
  });

  it("calls a dump without a manifest, or with an unreadable one, corrupt", () => {
    assert.deepEqual(judgeBackup({ dumpFile: "x.dump", actual: { sha256: SHA, size_bytes: 1 } }), {
      state: "corrupt",
      reason: "dump without a manifest",
    });
    assert.deepEqual(
      judgeBackup({
        dumpFile: "x.dump",
        actual: { sha256: SHA, size_bytes: 1 },
        manifest: { ok: false, problem: "not JSON" },
      }),
      { state: "corrupt", reason: "manifest unreadable: not JSON" },
    );
  });

  it("calls a manifest without its dump corrupt", () => {
    assert.deepEqual(judgeBackup({ manifest: { ok: true, manifest: manifest(passed) } }), {
      state: "corrupt",
      reason: "manifest without its dump file",
    });
  });

  it("calls a manifest describing another file corrupt", () => {
    const other = { ...manifest(passed), file: "prod_20240102T000000Z.dump" };
    assert.equal(
      judgeBackup(observed(other)).reason,
      "manifest describes prod_20240102T000000Z.dump, not prod_20240101T000000Z.dump",
    );
  });

  it("leaves pending and failed verifications unverified, with the first mismatch", () => {
    assert.deepEqual(judgeBackup(observed(manifest(PENDING_VERIFICATION))), {
      state: "unverified",
      reason: "verification never finished",
    });
    const failed = {
      verified: false,
      at: "2024-01-01T00:01:00.000Z",
      mismatches: [{ subject: "public.t", field: "rows" as const, expected: "2", actual: "1" }],
    };
    assert.deepEqual(judgeBackup(observed(manifest(failed))), {
      state: "unverified",
      reason: "verification failed at 2024-01-01T00:01:00.000Z: public.t rows: expected 2, found 1",
    });
  });
});
