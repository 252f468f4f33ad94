import type { TableStats } from "./schemas.js";

/**
 * exact: a dump restored alone holds the manifest's data, row for row (counts and checksums).
 * at-least: base backup + WAL hold the dump's data plus what was committed after it, so counts may
 * only grow (checksums change with any new row and are not compared).
 */
export type DataMode = "exact" | "at-least";

export interface TableCheck {
  table: string;
  expectedRows: number;
  actualRows: number | null;
  checksum: "equal" | "different" | "not compared";
  ok: boolean;
}

export function checkTables(
  expected: readonly TableStats[],
  actual: readonly TableStats[],
  mode: DataMode,
): TableCheck[] {
  const found = new Map(actual.map((t) => [key(t), t]));
  return expected.map((e) => {
    const a = found.get(key(e));
    const rowsOk = a !== undefined && (mode === "exact" ? a.rows === e.rows : a.rows >= e.rows);
    const checksum =
      mode === "at-least" || a === undefined ? "not compared" : a.checksum === e.checksum ? "equal" : "different";
    return {
      table: `${e.schema}.${e.table}`,
      expectedRows: e.rows,
      actualRows: a?.rows ?? null,
      checksum,
      ok: rowsOk && checksum !== "different",
    };
  });
}

const key = (t: TableStats): string => JSON.stringify([t.schema, t.table]);

export interface Objective {
  /** Measured, seconds (two decimals). */
  seconds: number;
  objectiveSeconds: number;
  met: boolean;
}

/** Measured against the source stack's objectives (objectives.rtoSeconds / rpoSeconds). */
export function judgeObjective(seconds: number, objectiveSeconds: number): Objective {
  // toPrecision(12) first: 4.145 * 100 is 414.49999999999994 in binary, which Math.round takes down.
  const rounded = Math.round(Number((seconds * 100).toPrecision(12))) / 100;
  return { seconds: rounded, objectiveSeconds, met: rounded <= objectiveSeconds };
}

/** RPO: from the disaster to the newest transaction the restored database holds. */
export function rpoSeconds(disasterAt: Date, recoveredUntil: Date): number {
  return Math.max(0, (disasterAt.getTime() - recoveredUntil.getTime()) / 1000);
}
