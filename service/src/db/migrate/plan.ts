import { MigrationError } from "./errors.js";
import type { MigrationFile } from "./files.js";

/** A row of schema_migrations. */
export interface AppliedMigration {
  version: number;
  name: string;
  sha256: string;
}

export interface MigrationPlan {
  /** Files to apply, in version order. */
  pending: MigrationFile[];
  /**
   * Applied versions this build has no file for: a newer colour migrated first. Expand/contract
   * migrations keep the older colour compatible, so this is reported, not refused.
   */
  unknownApplied: AppliedMigration[];
}

/** Decides what to apply; refuses when an applied file was edited afterwards. */
export function planMigrations(files: readonly MigrationFile[], applied: readonly AppliedMigration[]): MigrationPlan {
  const appliedByVersion = new Map(applied.map((row) => [row.version, row]));
  for (const file of files) {
    const row = appliedByVersion.get(file.version);
    if (row && row.sha256 !== file.sha256) throw changed(file, row);
  }
  const known = new Set(files.map((file) => file.version));
  return {
    pending: files.filter((file) => !appliedByVersion.has(file.version)),
    unknownApplied: applied.filter((row) => !known.has(row.version)),
  };
}

function changed(file: MigrationFile, row: AppliedMigration): MigrationError {
  return new MigrationError(
    "MIGRATION_CHANGED",
    `migration ${file.fileName} was changed after it was applied (recorded sha256 ${row.sha256.slice(0, 12)}…, ` +
      `file now ${file.sha256.slice(0, 12)}…); restore the applied content and put the change in a new numbered file`,
  );
}
