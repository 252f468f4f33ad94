import { blockedFailure } from "../engine.js";
import { math } from "../math/instance.js";
import { fromDecimal, type Num } from "../math/value.js";

/** Raw cells per column, converted to numbers only when a claim uses the column. */
export type Dataset = ReadonlyMap<string, readonly string[]>;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;

/** Reads CSV text (header row, commas, no quoted fields) or JSON columns into a dataset. */
export function readDataset(data: string | Record<string, number[]>): Dataset {
  if (typeof data !== "string")
    return new Map(Object.entries(data).map(([name, values]) => [name, values.map(String)]));
  const lines = data.split(/\r?\n/).filter((line) => line.trim() !== "");
  const header = (lines[0] ?? "").split(",").map((cell) => cell.trim());
  if (lines.length < 2 || header.some((name) => name === "")) {
    throw blockedFailure("PARSE_ERROR", "CSV needs a header row of non-empty column names and at least one data row");
  }
  const duplicate = header.find((name, i) => header.indexOf(name) !== i);
  if (duplicate !== undefined)
    throw blockedFailure("PARSE_ERROR", `CSV column ${JSON.stringify(duplicate)} appears twice in the header`);
  const rows = lines.slice(1).map((line, i) => splitRow(line, i + 2, header.length));
  return new Map(header.map((name, c) => [name, rows.map((row) => row[c]!)]));
}

function splitRow(line: string, lineNumber: number, width: number): string[] {
  if (line.includes('"'))
    throw blockedFailure("PARSE_ERROR", `CSV line ${lineNumber}: quoted fields are not supported`);
  const cells = line.split(",").map((cell) => cell.trim());
  if (cells.length !== width) {
    throw blockedFailure("PARSE_ERROR", `CSV line ${lineNumber} has ${cells.length} cells; the header has ${width}`);
  }
  return cells;
}

/** The column as exact rationals (decimal text is read exactly: "0.1" is 1/10). */
export function numericColumn(dataset: Dataset, name: string): Num[] {
  const cells = dataset.get(name);
  if (cells === undefined) {
    throw blockedFailure(
      "PARSE_ERROR",
      `column ${JSON.stringify(name)} not found; available: ${[...dataset.keys()].join(", ")}`,
      { column: name },
    );
  }
  if (cells.length === 0)
    throw blockedFailure("PARSE_ERROR", `column ${JSON.stringify(name)} is empty`, { column: name });
  return cells.map((cell, row) => {
    if (!NUMBER.test(cell)) {
      throw blockedFailure(
        "PARSE_ERROR",
        `column ${JSON.stringify(name)} row ${row + 1}: ${JSON.stringify(cell)} is not a number`,
        { column: name, row: row + 1 },
      );
    }
    return fromDecimal(math.bignumber(cell));
  });
}

/** Every column as plain numbers, for code run in the sandbox. */
export function numberColumns(dataset: Dataset): Record<string, number[]> {
  return Object.fromEntries(
    [...dataset.entries()].map(([name, cells]) => {
      numericColumn(dataset, name);
      return [name, cells.map(Number)];
    }),
  );
}
