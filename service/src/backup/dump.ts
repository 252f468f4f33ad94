import { join } from "node:path";
import type pg from "pg";
import { runTool } from "./child-process.js";
import type { FileFacts } from "./compare.js";
import type { BackupConfig } from "./config.js";
import { fsyncFile, publishNoClobber, removeQuietly, writeFileAtomic } from "./durable-files.js";
import { BackupError, fileError } from "./errors.js";
import { fileDigest } from "./file-digest.js";
import { MANIFEST_FORMAT, PENDING_VERIFICATION, serializeManifest, type Manifest } from "./manifest.js";
import { backupBaseName, dumpFileName, manifestFileName, partialFileName } from "./naming.js";
import { pgDumpCommand } from "./pg-commands.js";
import { beginSnapshot, endSnapshot, readSourceFacts, type SourceFacts } from "./snapshot.js";

export interface DumpInput {
  config: BackupConfig;
  /** The backup's time, which also names it. */
  createdAt: Date;
  pgDumpVersion: string;
  signal?: AbortSignal;
}

/**
 * Dumps into a hidden partial file, publishes it under its final name, and writes its manifest
 * with verification pending. On failure nothing that counts is left behind.
 */
export async function takeBackup(session: pg.Client, input: DumpInput): Promise<Manifest> {
  const base = backupBaseName(input.config.stack, input.createdAt);
  const { facts, file } = await dumpAndPublish(session, input, base);
  const manifest = buildManifest(input, dumpFileName(base), facts, file);
  try {
    await writeFileAtomic(input.config.dir, manifestFileName(base), serializeManifest(manifest));
  } catch (error) {
    // A dump without a manifest can never be verified, and the space may be what is missing.
    await removeQuietly(join(input.config.dir, manifest.file));
    throw error;
  }
  return manifest;
}

async function dumpAndPublish(
  session: pg.Client,
  input: DumpInput,
  base: string,
): Promise<{ facts: SourceFacts; file: FileFacts }> {
  const partialPath = join(input.config.dir, partialFileName(base));
  try {
    const facts = await dumpInSnapshot(session, input, partialPath);
    await fsyncFile(partialPath);
    const file = await fileDigest(partialPath).catch((error) => {
      throw fileError(error, "reading", partialPath);
    });
    await publishNoClobber(input.config.dir, partialFileName(base), dumpFileName(base));
    return { facts, file };
  } catch (error) {
    await removeQuietly(partialPath);
    throw error;
  }
}

/** pg_dump and the table stats read the same exported snapshot, side by side. */
async function dumpInSnapshot(session: pg.Client, input: DumpInput, outFile: string): Promise<SourceFacts> {
  const snapshot = await beginSnapshot(session);
  const command = pgDumpCommand(input.config.tools.pgDump, input.config.database, snapshot, outFile);
  const [facts, dumped] = await Promise.allSettled([
    readSourceFacts(session, input.signal),
    runTool(command, { failureCode: "BACKUP_DUMP_FAILED", signal: input.signal }),
  ]);
  await endSnapshot(session);
  if (dumped.status === "rejected") throw dumped.reason;
  if (facts.status === "rejected") throw asDumpError(facts.reason);
  return facts.value;
}

function asDumpError(error: unknown): BackupError {
  if (error instanceof BackupError) return error;
  return new BackupError("BACKUP_DUMP_FAILED", `reading row counts and checksums failed: ${(error as Error).message}`, {
    cause: error,
  });
}

function buildManifest(input: DumpInput, file: string, facts: SourceFacts, digest: FileFacts): Manifest {
  return {
    manifest_format: MANIFEST_FORMAT,
    file,
    stack: input.config.stack,
    database: input.config.database.name,
    sha256: digest.sha256,
    size_bytes: digest.size_bytes,
    created_at: input.createdAt.toISOString(),
    server_version: facts.serverVersion,
    pg_dump_version: input.pgDumpVersion,
    schema_version: facts.schemaVersion,
    tables: facts.tables,
    verification: PENDING_VERIFICATION,
  };
}
