import { z } from "zod";

/** Row count and content checksum of one user table, as read in the dump's snapshot. */
export const tableStatsSchema = z.strictObject({
  schema: z.string().min(1),
  table: z.string().min(1),
  rows: z.number().int().nonnegative(),
  /** md5 over the table's rows in a fixed order; null for an empty table. */
  checksum: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .nullable(),
});

/** One difference found by verification: what was compared, what the manifest says, what was found. */
export const mismatchSchema = z.strictObject({
  /** "file", "dump", "verification" or a table as `schema.table`. */
  subject: z.string().min(1),
  field: z.enum(["sha256", "size_bytes", "presence", "rows", "checksum", "restore", "error"]),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
});

export const verificationSchema = z.strictObject({
  verified: z.boolean(),
  /** When the last verification finished; null while none has (a crash left it pending). */
  at: z.iso.datetime().nullable(),
  mismatches: z.array(mismatchSchema),
});

export const MANIFEST_FORMAT = 1;

/** The manifest file's only shape: the writer builds it with these types, readers parse with it. */
export const manifestSchema = z.strictObject({
  manifest_format: z.literal(MANIFEST_FORMAT),
  file: z.string().min(1),
  stack: z.string().min(1),
  database: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size_bytes: z.number().int().nonnegative(),
  created_at: z.iso.datetime(),
  server_version: z.string().min(1),
  pg_dump_version: z.string().min(1),
  /** Highest version in schema_migrations; null when the database has no such table. */
  schema_version: z.number().int().nullable(),
  tables: z.array(tableStatsSchema),
  verification: verificationSchema,
});

export type TableStats = z.output<typeof tableStatsSchema>;
export type Mismatch = z.output<typeof mismatchSchema>;
export type Verification = z.output<typeof verificationSchema>;
export type Manifest = z.output<typeof manifestSchema>;

/** What a manifest holds before any verification has finished. */
export const PENDING_VERIFICATION: Verification = { verified: false, at: null, mismatches: [] };

/** Parses manifest text; the error names the first problem's path so a hand-edited file is easy to fix. */
export function parseManifest(text: string): { ok: true; manifest: Manifest } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON (${(error as Error).message})` };
  }
  const result = manifestSchema.safeParse(json);
  if (result.success) return { ok: true, manifest: result.data };
  const issue = result.error.issues[0];
  return { ok: false, problem: `${issue?.path.join(".") || "manifest"}: ${issue?.message ?? "invalid"}` };
}

export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
