import { z } from "zod";

/**
 * The backup job's JSON answers (service/src/backup: main.ts, listing.ts, base-listing.ts,
 * restore-into.ts, stats-command.ts, switch-database.ts), parsed at the boundary.
 */
const tableStats = z.object({
  schema: z.string(),
  table: z.string(),
  rows: z.number(),
  checksum: z.string().nullable(),
});
const mismatch = z.object({
  subject: z.string(),
  field: z.string(),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
});

export const runResultSchema = z.object({
  file: z.string(),
  sha256: z.string(),
  size_bytes: z.number(),
  verification: z.object({ verified: z.boolean(), at: z.string().nullable(), mismatches: z.array(mismatch) }),
});

export const listedBaseSchema = z.object({
  name: z.string(),
  created_at: z.string(),
  state: z.enum(["usable", "unusable"]),
  reason: z.string(),
  paired_dump: z.string().nullable(),
  start_wal_file: z.string().nullable(),
  start_time: z.string().nullable(),
  end_lsn: z.string().nullable(),
  sha256: z.string().nullable(),
});
export const physicalListingSchema = z.object({
  bases: z.array(listedBaseSchema),
  wal: z.array(z.string()),
  newest_segment_at: z.string().nullable(),
});

export const switchResultSchema = z.object({ current: z.string(), previous: z.string().nullable() });
export const restoreResultSchema = z.object({
  file: z.string(),
  database: z.string(),
  verified: z.boolean(),
  mismatches: z.array(mismatch),
  tables: z.array(tableStats),
  created_at: z.string(),
  /** With --switch: the restored database took the configured name. */
  switched: switchResultSchema.optional(),
});
export const copyResultSchema = z.object({
  source_host: z.string(),
  database: z.string(),
  verified: z.boolean(),
  mismatches: z.array(mismatch),
  tables: z.array(tableStats),
  recovered_until: z.string().nullable(),
  switched: switchResultSchema.optional(),
});
export const statsSchema = z.object({
  database: z.string(),
  tables: z.array(tableStats),
  recovered_until: z.string().nullable(),
  at: z.string(),
});
export const manifestSchema = z
  .object({ file: z.string(), created_at: z.string(), sha256: z.string(), tables: z.array(tableStats) })
  .passthrough();

export type TableStats = z.infer<typeof tableStats>;
export type Mismatch = z.infer<typeof mismatch>;
export type RunResult = z.infer<typeof runResultSchema>;
export type ListedBase = z.infer<typeof listedBaseSchema>;
export type PhysicalListing = z.infer<typeof physicalListingSchema>;
export type RestoreResult = z.infer<typeof restoreResultSchema>;
export type CopyResult = z.infer<typeof copyResultSchema>;
export type Stats = z.infer<typeof statsSchema>;
export type SwitchResult = z.infer<typeof switchResultSchema>;
export type DumpManifest = z.infer<typeof manifestSchema>;

/**
 * The job's answer: its whole stdout (list pretty-prints), or its last line that is the answer (a failed
 * restore prints its result before the error; a Kubernetes Job's log also holds the job's own log lines,
 * which may follow it); anything else names what came back.
 */
export function jobAnswer<T>(schema: z.ZodType<T>, stdout: string, what: string): T {
  const text = stdout.trim();
  const lines = text.split("\n");
  const line = lines.at(-1) ?? "";
  for (const candidate of [text, ...lines.reverse()]) {
    try {
      return schema.parse(JSON.parse(candidate));
    } catch {
      // the next candidate, then the error below
    }
  }
  throw new Error(`${what}: the backup job answered ${JSON.stringify(line.slice(0, 200))}, not the documented JSON`);
}
