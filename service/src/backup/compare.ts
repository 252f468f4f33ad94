import type { Mismatch, TableStats } from "./manifest.js";

/** What the manifest promises about the dump file itself. */
export interface FileFacts {
  sha256: string;
  size_bytes: number;
}

/** Differences between the recorded and the actual file; empty when both match. */
export function compareFile(expected: FileFacts, actual: FileFacts): Mismatch[] {
  const mismatches: Mismatch[] = [];
  if (expected.size_bytes !== actual.size_bytes) {
    mismatches.push(fileMismatch("size_bytes", String(expected.size_bytes), String(actual.size_bytes)));
  }
  if (expected.sha256 !== actual.sha256) mismatches.push(fileMismatch("sha256", expected.sha256, actual.sha256));
  return mismatches;
}

/**
 * Differences between the tables recorded at dump time and those found after restoring:
 * missing and unexpected tables, then row counts and checksums, in the manifest's order.
 */
export function compareTables(expected: readonly TableStats[], actual: readonly TableStats[]): Mismatch[] {
  const found = new Map(actual.map((stats) => [tableKey(stats), stats]));
  const recorded = new Set(expected.map(tableKey));
  const mismatches = expected.flatMap((stats) => compareOne(stats, found.get(tableKey(stats))));
  for (const stats of actual) {
    if (!recorded.has(tableKey(stats))) mismatches.push(tableMismatch(stats, "presence", "absent", "present"));
  }
  return mismatches;
}

function compareOne(expected: TableStats, actual: TableStats | undefined): Mismatch[] {
  if (!actual) return [tableMismatch(expected, "presence", "present", "absent")];
  const mismatches: Mismatch[] = [];
  if (expected.rows !== actual.rows)
    mismatches.push(tableMismatch(expected, "rows", String(expected.rows), String(actual.rows)));
  if (expected.checksum !== actual.checksum)
    mismatches.push(tableMismatch(expected, "checksum", expected.checksum, actual.checksum));
  return mismatches;
}

/** Schema and table names may hold dots, so the key keeps them apart. */
function tableKey(stats: TableStats): string {
  return JSON.stringify([stats.schema, stats.table]);
}

export function tableSubject(stats: Pick<TableStats, "schema" | "table">): string {
  return `${stats.schema}.${stats.table}`;
}

function tableMismatch(
  stats: TableStats,
  field: Mismatch["field"],
  expected: string | null,
  actual: string | null,
): Mismatch {
  return { subject: tableSubject(stats), field, expected, actual };
}

function fileMismatch(field: Mismatch["field"], expected: string, actual: string): Mismatch {
  return { subject: "file", field, expected, actual };
}
