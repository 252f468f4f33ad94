import { join } from "node:path";
import type pg from "pg";
import { runTool } from "./child-process.js";
import { compareFile, compareTables } from "./compare.js";
import type { BackupConfig } from "./config.js";
import { writeFileAtomic } from "./durable-files.js";
import { BackupError, fileError } from "./errors.js";
import { fileDigest } from "./file-digest.js";
import { serializeManifest, type Manifest, type Mismatch, type TableStats, type Verification } from "./manifest.js";
import { manifestFor } from "./naming.js";
import { describeMismatch } from "./state.js";
import { pgRestoreCommand } from "./pg-commands.js";
import { createScratch, dropScratch, scratchName } from "./scratch.js";
import { readEncoding } from "./snapshot.js";
import { collectTableStatsParallel } from "./parallel-stats.js";

export interface VerifyInput {
  config: BackupConfig;
  manifest: Manifest;
  /** The directory holding the dump and its manifest. */
  dir: string;
  now: () => Date;
  signal?: AbortSignal;
}

/**
 * Checks the file against its manifest, then restores it into a scratch database, which is
 * dropped whatever happens, and compares row counts and checksums with the manifest's.
 */
export async function verifyBackup(session: pg.Client, input: VerifyInput): Promise<Verification> {
  const path = join(input.dir, input.manifest.file);
  const actual = await fileDigest(path).catch((error) => {
    throw fileError(error, "reading", path);
  });
  const mismatches = compareFile(input.manifest, actual);
  if (mismatches.length === 0) mismatches.push(...(await restoreAndCompare(session, input)));
  return { verified: mismatches.length === 0, at: input.now().toISOString(), mismatches };
}

async function restoreAndCompare(session: pg.Client, input: VerifyInput): Promise<Mismatch[]> {
  const name = scratchName();
  await createScratch(session, name, await readEncoding(session), input.config.database.name);
  try {
    const failed = await restore(input, name);
    return failed
      ? [failed]
      : compareTables(input.manifest.tables, await scratchStats(input.config, name, input.signal));
  } finally {
    await dropScratch(session, name);
  }
}

/** A dump pg_restore rejects is a verification result, not a crash of the run. */
async function restore(input: VerifyInput, scratch: string): Promise<Mismatch | undefined> {
  const command = pgRestoreCommand(
    input.config.tools.pgRestore,
    input.config.database,
    scratch,
    join(input.dir, input.manifest.file),
  );
  try {
    await runTool(command, { failureCode: "BACKUP_VERIFY_FAILED", signal: input.signal });
    return undefined;
  } catch (error) {
    if (!(error instanceof BackupError) || error.code !== "BACKUP_VERIFY_FAILED") throw error;
    return { subject: "dump", field: "restore", expected: "pg_restore exits 0", actual: error.message };
  }
}

/** One connection: the test-restore runs on the live server, beside its traffic. */
function scratchStats(config: BackupConfig, scratch: string, signal: AbortSignal | undefined): Promise<TableStats[]> {
  return collectTableStatsParallel(config.database, scratch, { connections: 1, signal });
}

/**
 * Verifies and writes the outcome into the manifest. A verification that cannot finish (abort,
 * lost connection) is recorded too, as failed with the reason, before the error goes on.
 */
export async function verifyAndRecord(session: pg.Client, input: VerifyInput): Promise<Manifest> {
  let verification: Verification;
  try {
    verification = await verifyBackup(session, input);
  } catch (error) {
    await recordVerification(input.dir, input.manifest, interruptedVerification(error, input.now())).catch(
      () => undefined,
    );
    throw error;
  }
  return recordVerification(input.dir, input.manifest, verification);
}

/** Rewrites the manifest (atomically) with a new verification block. */
async function recordVerification(dir: string, manifest: Manifest, verification: Verification): Promise<Manifest> {
  const updated = { ...manifest, verification };
  await writeFileAtomic(dir, manifestFor(manifest.file)!, serializeManifest(updated));
  return updated;
}

/** What the manifest says when verification could not finish, so `list` shows why. */
function interruptedVerification(error: unknown, at: Date): Verification {
  const reason =
    error instanceof BackupError ? `${error.code}: ${error.message}` : String((error as Error)?.message ?? error);
  return {
    verified: false,
    at: at.toISOString(),
    mismatches: [{ subject: "verification", field: "error", expected: null, actual: reason }],
  };
}

/** The error a run or `verify` ends with when the dump did not survive verification. */
export function verificationFailed(manifest: Manifest): BackupError {
  const { mismatches } = manifest.verification;
  const first = mismatches[0] ? `; first: ${describeMismatch(mismatches[0])}` : "";
  return new BackupError(
    "BACKUP_VERIFY_FAILED",
    `${manifest.file} failed verification with ${mismatches.length} mismatch(es)${first}; it is kept but never counted as a good backup`,
  );
}
