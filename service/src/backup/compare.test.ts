import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { compareFile, compareTables } from "./compare.js";
import type { TableStats } from "./manifest.js";

const A = "0123456789abcdef0123456789abcdef";
const B = "fedcba9876543210fedcba9876543210";
const stats = (schema: string, table: string, rows: number, checksum: string | null): TableStats => ({
  schema,
  table,
  rows,
  checksum,
});

describe("compareFile", () => {
  it("finds nothing when size and sha256 match", () => {
    assert.deepEqual(
      compareFile({ sha256: "a".repeat(64), size_bytes: 10 }, { sha256: "a".repeat(64), size_bytes: 10 }),
      [],
    );
  });

  it("reports size then sha256", () => {
    assert.deepEqual(
      compareFile({ sha256: "a".repeat(64), size_bytes: 10 }, { sha256: "b".repeat(64), size_bytes: 11 }),
      [
        { subject: "file", field: "size_bytes", expected: "10", actual: "11" },
        { subject: "file", field: "sha256", expected: "a".repeat(64), actual: "b".repeat(64) },
      ],
    );
  });
});

describe("compareTables", () => {
  it("finds nothing when every table matches, whatever the order", () => {
    const tables = [stats("public", "a", 1, A), stats("public", "b", 0, null)];
    assert.deepEqual(compareTables(tables, [...tables].reverse()), []);
  });

  it("reports missing, changed and unexpected tables", () => {
    const expected = [stats("public", "gone", 1, A), stats("public", "rows", 2, A), stats("public", "content", 2, A)];
    const actual = [stats("public", "rows", 3, B), stats("public", "content", 2, B), stats("extra", "new", 0, null)];
    assert.deepEqual(compareTables(expected, actual), [
      { subject: "public.gone", field: "presence", expected: "present", actual: "absent" },
      { subject: "public.rows", field: "rows", expected: "2", actual: "3" },
      { subject: "public.rows", field: "checksum", expected: A, actual: B },
      { subject: "public.content", field: "checksum", expected: A, actual: B },
      { subject: "extra.new", field: "presence", expected: "absent", actual: "present" },
    ]);
  });

  it("keeps dotted names apart: a.b.c in schema a is not c in schema a.b", () => {
    const mismatches = compareTables([stats("a", "b.c", 1, A)], [stats("a.b", "c", 1, A)]);
    assert.deepEqual(
      mismatches.map((m) => [m.subject, m.expected]),
      [
        ["a.b.c", "present"],
        ["a.b.c", "absent"],
      ],
    );
  });

  it("reports an emptied table through its checksum turning null", () => {
    assert.deepEqual(compareTables([stats("public", "t", 0, A)], [stats("public", "t", 0, null)]), [
      { subject: "public.t", field: "checksum", expected: A, actual: null },
    ]);
  });
});
