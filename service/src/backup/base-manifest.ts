import { z } from "zod";

const lsn = z.string().regex(/^[0-9A-F]+\/[0-9A-F]+$/);

/** One file of a base backup with its digest, so a restore can prove the bytes are the ones taken. */
export const baseFileSchema = z.strictObject({
  name: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size_bytes: z.number().int().nonnegative(),
});

export const BASE_MANIFEST_FORMAT = 1;

/** base/<name>/manifest.json: written last, so a base backup without it never counts. */
export const baseManifestSchema = z.strictObject({
  manifest_format: z.literal(BASE_MANIFEST_FORMAT),
  kind: z.literal("base"),
  /** Directory name, equal to the base name of the dump taken in the same run. */
  name: z.string().min(1),
  stack: z.string().min(1),
  created_at: z.iso.datetime(),
  /** The dump this base backup was taken with (same run), by file name. */
  paired_dump: z.string().min(1),
  server_version: z.string().min(1),
  start_lsn: lsn,
  /** First WAL segment a recovery from this backup needs. */
  start_wal_file: z.string().regex(/^[0-9A-F]{24}$/),
  start_time: z.iso.datetime(),
  timeline: z.number().int().positive(),
  /** Recovery must replay at least to here for the copy to be consistent. */
  end_lsn: lsn,
  files: z.array(baseFileSchema).min(1),
});

export type BaseManifest = z.output<typeof baseManifestSchema>;

export function parseBaseManifest(text: string): { ok: true; manifest: BaseManifest } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON (${(error as Error).message})` };
  }
  const result = baseManifestSchema.safeParse(json);
  if (result.success) return { ok: true, manifest: result.data };
  const issue = result.error.issues[0];
  return { ok: false, problem: `${issue?.path.join(".") || "manifest"}: ${issue?.message ?? "invalid"}` };
}
