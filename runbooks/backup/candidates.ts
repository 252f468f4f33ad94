import type { ListedBackup } from "../plan/backups.js";
import type { ListedBase, PhysicalListing } from "./schemas.js";

/** One way to restore, tried in order until one passes its checks. */
export type Attempt =
  | { kind: "logical"; dump: string; createdAt: string }
  | {
      kind: "physical";
      base: ListedBase & { start_wal_file: string; sha256: string };
      /** Archived segments from the base backup's first one on, oldest first. */
      segments: string[];
      /** The verified dump taken with the base backup: its manifest is the floor of the data checks. */
      dump: string;
    };

/** A backup passed over, with the reason the report gives. */
export interface Skipped {
  file: string;
  reason: string;
}

/**
 * The drill's (and restore's) choice, newest first: base backup + WAL when the newest usable base
 * backup pairs with a verified dump, then every verified dump. Backups that do not count (corrupt,
 * unverified) and are newer than the chosen one are reported as skipped, with the job's reason.
 */
export function planAttempts(
  listing: readonly ListedBackup[],
  physical: PhysicalListing | undefined,
): { attempts: Attempt[]; skipped: Skipped[] } {
  const verified = listing.filter(
    (b): b is ListedBackup & { file: string } => b.state === "verified" && b.file !== null,
  );
  const logical: Attempt[] = verified.map((b) => ({ kind: "logical", dump: b.file, createdAt: b.created_at }));
  const pitr = physical ? physicalAttempt(physical, new Set(verified.map((b) => b.file))) : undefined;
  const newestCounted = verified[0]?.created_at ?? "";
  const skipped = listing
    .filter((b) => b.state !== "verified" && b.created_at > newestCounted)
    .map((b) => ({ file: b.file ?? `${b.created_at} (manifest only)`, reason: `${b.state}: ${b.reason}` }));
  return { attempts: pitr ? [pitr, ...logical] : logical, skipped };
}

function physicalAttempt(physical: PhysicalListing, verifiedDumps: ReadonlySet<string>): Attempt | undefined {
  const base = physical.bases.find(
    (b) => b.state === "usable" && b.paired_dump !== null && verifiedDumps.has(b.paired_dump),
  );
  if (!base || base.start_wal_file === null || base.sha256 === null || base.paired_dump === null) return undefined;
  const first = base.start_wal_file.slice(8);
  const segments = physical.wal.filter((name) => name.slice(8) >= first);
  return {
    kind: "physical",
    base: { ...base, start_wal_file: base.start_wal_file, sha256: base.sha256 },
    segments,
    dump: base.paired_dump,
  };
}

export const describeAttempt = (a: Attempt): string =>
  a.kind === "logical" ? `dump ${a.dump}` : `base backup ${a.base.name} + ${a.segments.length} WAL segment(s)`;
