import type { Inventory } from "./inventory.js";
import type { BackupState } from "./state.js";

/** One line of `list` output: a stable, documented JSON shape for runbooks (drills pick from it). */
export interface ListedBackup {
  /** The dump's file name; null when only its manifest is left. */
  file: string | null;
  created_at: string;
  state: BackupState;
  reason: string;
  size_bytes: number | null;
  sha256: string | null;
  schema_version: number | null;
  verified_at: string | null;
}

/** Newest first, which is the order an operator looks for. */
export function toListing(inventory: Inventory): ListedBackup[] {
  return [...inventory.backups].reverse().map((entry) => ({
    file: entry.files.find((name) => name.endsWith(".dump")) ?? null,
    created_at: entry.createdAt.toISOString(),
    state: entry.state,
    reason: entry.reason,
    size_bytes: entry.manifest?.size_bytes ?? null,
    sha256: entry.manifest?.sha256 ?? null,
    schema_version: entry.manifest?.schema_version ?? null,
    verified_at: entry.state === "verified" ? (entry.manifest?.verification.at ?? null) : null,
  }));
}
