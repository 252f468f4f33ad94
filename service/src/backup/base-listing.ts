import { BASE_ARCHIVE } from "./base-naming.js";
import type { PhysicalInventory } from "./base-inventory.js";

/** One base backup as `bases` prints it: a stable JSON shape runbooks (drills, restores) pick from. */
export interface ListedBase {
  name: string;
  created_at: string;
  /** usable: manifest present and every file matches it. */
  state: "usable" | "unusable";
  reason: string;
  paired_dump: string | null;
  start_wal_file: string | null;
  start_time: string | null;
  end_lsn: string | null;
  /** sha256 of base.tar.gz as the manifest records it. */
  sha256: string | null;
}

export interface PhysicalListing {
  /** Newest first. */
  bases: ListedBase[];
  /** Every archived segment name, oldest first. */
  wal: string[];
  /** Modification time of the newest segment (ISO), null with none. */
  newest_segment_at: string | null;
}

export function toPhysicalListing(
  inventory: PhysicalInventory,
  newestSegmentSeconds: number | undefined,
): PhysicalListing {
  const bases = [...inventory.bases].reverse().map(
    (b): ListedBase => ({
      name: b.name,
      created_at: b.createdAt.toISOString(),
      state: b.manifest && !b.problem ? "usable" : "unusable",
      reason: b.problem ?? `taken ${b.manifest?.start_time}, starts at ${b.manifest?.start_wal_file}`,
      paired_dump: b.manifest?.paired_dump ?? null,
      start_wal_file: b.manifest?.start_wal_file ?? null,
      start_time: b.manifest?.start_time ?? null,
      end_lsn: b.manifest?.end_lsn ?? null,
      sha256: b.manifest?.files.find((f) => f.name === BASE_ARCHIVE)?.sha256 ?? null,
    }),
  );
  const newest = newestSegmentSeconds === undefined ? null : new Date(newestSegmentSeconds * 1000).toISOString();
  return { bases, wal: inventory.wal, newest_segment_at: newest };
}
