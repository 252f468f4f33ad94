import { join } from "node:path";
import { parseTimestamp } from "./naming.js";

/**
 * Layout of the physical side of BACKUP_DIR: `base/<stack>_<YYYYMMDDTHHMMSSZ>/` holds one base
 * backup (named like the dump taken in the same run, which pairs them), `wal/` the archived WAL
 * segments postgres' archive-wal writes. Work in progress starts with a dot, as for dumps.
 */
export const BASE_SUBDIR = "base";
export const WAL_SUBDIR = "wal";
export const BASE_ARCHIVE = "base.tar.gz";
export const BASE_SERVER_MANIFEST = "backup_manifest";
export const BASE_MANIFEST = "manifest.json";

/** A WAL segment: timeline (8 hex digits), then log and segment number (16). */
const SEGMENT = /^[0-9A-F]{24}$/;

export const baseRoot = (dir: string): string => join(dir, BASE_SUBDIR);
export const walRoot = (dir: string): string => join(dir, WAL_SUBDIR);
export const partialBaseName = (base: string): string => `.${base}.partial`;

export type BaseEntry = { kind: "base"; name: string; createdAt: Date } | { kind: "leftover" } | { kind: "other" };

/** What a directory entry under base/ is for `stack`; other stacks' entries are never touched. */
export function classifyBaseEntry(name: string, stack: string): BaseEntry {
  if (name.startsWith(`.${stack}_`) && name.endsWith(".partial")) return { kind: "leftover" };
  if (!name.startsWith(`${stack}_`)) return { kind: "other" };
  const createdAt = parseTimestamp(name.slice(stack.length + 1));
  return createdAt ? { kind: "base", name, createdAt } : { kind: "other" };
}

export const isWalSegment = (name: string): boolean => SEGMENT.test(name);

/**
 * Segments compare by log and segment number, not timeline (as pg_archivecleanup does): a
 * segment sorting below a base backup's first one is never needed to recover from it.
 */
export const segmentPosition = (name: string): string => name.slice(8);
