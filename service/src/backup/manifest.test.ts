import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { PENDING_VERIFICATION, parseManifest, serializeManifest, type Manifest } from "./manifest.js";

const manifest: Manifest = {
  manifest_format: 1,
  file: "prod_20240101T000000Z.dump",
  stack: "prod",
  database: "verifier",
  sha256: "a".repeat(64),
  size_bytes: 10,
  created_at: "2024-01-01T00:00:00.000Z",
  server_version: "17.2",
  pg_dump_version: "17.2",
  schema_version: null,
  tables: [{ schema: "public", table: "t", rows: 0, checksum: null }],
  verification: PENDING_VERIFICATION,
};

describe("parseManifest", () => {
  it("reads back what serializeManifest wrote", () => {
    assert.deepEqual(parseManifest(serializeManifest(manifest)), { ok: true, manifest });
  });

  it("names the path of the first problem", () => {
    const broken = { ...manifest, tables: [{ schema: "public", table: "t", rows: -1, checksum: null }] };
    const result = parseManifest(JSON.stringify(broken));
    assert.equal(result.ok, false);
    assert.match((result as { problem: string }).problem, /^tables\.0\.rows: /);
  });

  it("refuses unknown keys, so a typo in a hand edit is not ignored", () => {
    const result = parseManifest(JSON.stringify({ ...manifest, verifed: true }));
    assert.equal(result.ok, false);
  });

  it("reports text that is not JSON", () => {
    const result = parseManifest("{");
    assert.equal(result.ok, false);
    assert.match((result as { problem: string }).problem, /^not JSON/);
  });
});
