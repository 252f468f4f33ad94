import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { RunbookError } from "../cli/errors.js";
import { releaseEntrySchema, type ReleaseEntry } from "./schema.js";

/**
 * Appends one entry as one line with a single O_APPEND write followed by fsync: concurrent writers
 * never interleave inside a line and a crash never leaves half an entry that counts.
 */
export function appendRelease(file: string, entry: ReleaseEntry): void {
  const line = `${JSON.stringify(releaseEntrySchema.parse(entry))}\n`;
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, "a", 0o644);
  try {
    writeSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Every entry, oldest first; a missing file is an empty log. A bad line is an error naming file and line. */
export function readReleases(file: string): ReleaseEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => text.trim() !== "")
    .map(({ text, line }) => parseLine(file, line, text));
}

function parseLine(file: string, line: number, text: string): ReleaseEntry {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid(file, line, "not JSON");
  }
  const parsed = releaseEntrySchema.safeParse(raw);
  if (!parsed.success)
    throw invalid(
      file,
      line,
      parsed.error.issues.map((i) => `${i.path.join(".") || "entry"}: ${i.message}`).join("; "),
    );
  return parsed.data;
}

const invalid = (file: string, line: number, why: string): RunbookError =>
  new RunbookError(
    "RELEASE_LOG_INVALID",
    `${file}:${line}: not a release entry (${why}); fix or remove that line (the log is append-only JSON lines)`,
  );
