import type { ListedBackup } from "../plan/backups.js";
import { BackupRunbookError } from "./errors.js";
import type { PhysicalListing } from "./schemas.js";

/** A point-in-time recovery, decided before anything is touched. */
export interface PitrPlan {
  kind: "pitr";
  /** recovery_target_time: commits at or before it are kept, later ones are not. */
  toTime: string;
  base: { name: string; sha256: string; startTime: string };
  /** Archived segments from the base backup's first one on, oldest first, without a gap. */
  segments: string[];
  /** The archive's end: the newest archived segment's time. */
  newestRecoverable: string;
  /** The fresh database the recovered data goes into before it takes the live name. */
  database: string;
  /** The throwaway server that replays the WAL: its container (also its host name on the backend network) and its fresh data volume. */
  recovery: { container: string; volume: string };
  steps: string[];
}

type Base = PhysicalListing["bases"][number];

/**
 * The newest usable base backup that started at or before `toTime`, with every archived segment
 * after it, when the archive reaches `toTime`; otherwise a refusal naming the recoverable window
 * and the dump a `--dump-only` restore would use instead.
 */
export function planPointInTime(
  physical: PhysicalListing,
  listing: readonly ListedBackup[],
  toTime: Date,
  project: string,
  stamp: string,
): PitrPlan {
  const at = toTime.toISOString();
  const usable = physical.bases.filter(
    (b): b is Base & { start_time: string; start_wal_file: string; sha256: string } =>
      b.state === "usable" && b.start_time !== null && b.start_wal_file !== null && b.sha256 !== null,
  );
  const base = usable.find((b) => Date.parse(b.start_time) <= toTime.getTime());
  const newest = physical.newest_segment_at;
  const window =
    usable.length > 0 && newest !== null
      ? `recoverable: ${usable.at(-1)!.start_time} … ${newest}`
      : "nothing is recoverable by WAL yet";
  const refuse = (why: string) =>
    new BackupRunbookError(
      "TIME_NOT_RECOVERABLE",
      `--to-time ${at}: ${why} (${window}); ${dumpOnlyHint(listing, toTime)}`,
    );
  if (!base)
    throw refuse(
      usable.length === 0
        ? "no usable base backup (`ops backups` lists them)"
        : `it is before the oldest usable base backup, ${usable.at(-1)!.name}`,
    );
  const segments = chainFrom(physical.wal, base.start_wal_file);
  if (segments.gap !== undefined)
    throw refuse(
      `WAL segment ${segments.gap} is missing from the archive, so recovery from ${base.name} stops before it`,
    );
  if (newest === null || Date.parse(newest) < toTime.getTime()) {
    throw refuse(
      `no archived WAL reaches it: the newest recoverable time is ${newest ?? "none"}; pick a time at or before that`,
    );
  }
  const database = `verifier_restore_${stamp}`;
  const recovery = { container: `${project}-pitr-${stamp}`, volume: `${project}-pitr-${stamp}` };
  return {
    kind: "pitr",
    toTime: at,
    base: { name: base.name, sha256: base.sha256, startTime: base.start_time },
    segments: segments.names,
    newestRecoverable: newest,
    database,
    recovery,
    steps: [
      `stage base backup ${base.name} (started ${base.start_time}) and ${segments.names.length} archived WAL segment(s) into a fresh volume ${recovery.volume}`,
      `start a throwaway postgres ${recovery.container} that replays the WAL until ${at} (recovery_target_time, inclusive) and promotes`,
      `copy its database into a new database ${database} (one snapshot, streamed) and compare every table with the recovered server`,
      `rename the live database away (kept, connections off) and ${database} into its place`,
      "restart the api containers one at a time, the idle colour first, each waiting for health",
      "verify through the proxy",
      `remove ${recovery.container} and its volume`,
    ],
  };
}

/** What a refusal offers instead: the dump --dump-only would restore, with what it loses. */
export function dumpOnlyHint(listing: readonly ListedBackup[], toTime: Date): string {
  const dump = listing.find(
    (b) => b.state === "verified" && b.file !== null && Date.parse(b.created_at) <= toTime.getTime(),
  );
  if (!dump) return `and no verified dump was taken at or before it either`;
  return `or pass --dump-only to restore ${dump.file} (taken ${dump.created_at}), losing every commit between then and ${toTime.toISOString()}`;
}

/** Segment names on the base's timeline from its first one on, and the first missing one if the run has a gap. */
export function chainFrom(wal: readonly string[], first: string): { names: string[]; gap?: string } {
  const timeline = first.slice(0, 8);
  const names = wal.filter((n) => n.slice(0, 8) === timeline && n.slice(8) >= first.slice(8)).sort();
  if (names[0] !== first) return { names, gap: first };
  for (let i = 1; i < names.length; i += 1) {
    const expected = segmentName(timeline, segmentNumber(names[i - 1]!) + 1);
    if (names[i] !== expected) return { names, gap: expected };
  }
  return { names };
}

/** 16 MiB segments: the low eight hex digits run 00000000 … 000000FF within one "log" number. */
const SEGMENTS_PER_LOG = 0x100;
const segmentNumber = (name: string): number =>
  Number.parseInt(name.slice(8, 16), 16) * SEGMENTS_PER_LOG + Number.parseInt(name.slice(16, 24), 16);
const hex8 = (n: number): string => n.toString(16).toUpperCase().padStart(8, "0");
const segmentName = (timeline: string, n: number): string =>
  `${timeline}${hex8(Math.floor(n / SEGMENTS_PER_LOG))}${hex8(n % SEGMENTS_PER_LOG)}`;
