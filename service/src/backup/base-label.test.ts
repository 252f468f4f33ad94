import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { parseBackupLabel, parseEndLsn } from "./base-label.js";

const LABEL = `START WAL LOCATION: 0/2000028 (file 000000010000000000000002)
CHECKPOINT LOCATION: 0/2000080
BACKUP METHOD: streamed
BACKUP FROM: primary
START TIME: 2026-11-22 06:15:27 UTC
LABEL: probe
START TIMELINE: 1
`;

describe("base backup label and manifest", () => {
  it("reads where the backup starts: LSN, first segment, time (ISO) and timeline", () => {
    assert.deepEqual(parseBackupLabel(LABEL), {
      startLsn: "0/2000028",
      startWalFile: "000000010000000000000002",
      startTime: "2026-11-22T06:15:27.000Z",
      timeline: 1,
    });
  });

  it("refuses a label it does not understand, or a start time outside UTC, quoting what it got", () => {
    assert.throws(
      () => parseBackupLabel("LABEL: x\n"),
      (e: Error & { code?: string }) => e.code === "BACKUP_BASE_FAILED" && /received "LABEL: x\\n"/.test(e.message),
    );
    assert.throws(() => parseBackupLabel(LABEL.replace("UTC", "CET")), /START TIME in UTC/);
  });

  it("takes the end LSN from the last WAL range of the server's backup_manifest", () => {
    const manifest = `{ "PostgreSQL-Backup-Manifest-Version": 2, "System-Identifier": 7710875574213193743, "Files": [],
"WAL-Ranges": [ { "Timeline": 1, "Start-LSN": "0/2000028", "End-LSN": "0/2000120" } ], "Manifest-Checksum": "74" }`;
    assert.equal(parseEndLsn(manifest), "0/2000120");
    assert.throws(() => parseEndLsn("{}"), /no WAL-Ranges\[\]\.End-LSN; received undefined/);
    assert.throws(() => parseEndLsn("not json"), /backup_manifest is not JSON/);
  });
});
