/** Stable codes for every way a migration run can refuse or fail. */
export type MigrationErrorCode =
  | "MIGRATION_NAME_INVALID"
  | "MIGRATION_DUPLICATE_VERSION"
  | "MIGRATION_CHANGED"
  | "MIGRATION_FAILED"
  | "MIGRATIONS_DIR_NOT_FOUND";

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}
