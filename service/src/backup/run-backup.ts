import { performance } from "node:perf_hooks";
import type pg from "pg";
import type { Logger } from "pino";
import { runTool } from "./child-process.js";
import type { BackupConfig } from "./config.js";
import { takeBaseBackup } from "./base-backup.js";
import type { BaseManifest } from "./base-manifest.js";
import { takeBackup } from "./dump.js";
import { BackupError } from "./errors.js";
import { readInventory } from "./inventory.js";
import type { Manifest } from "./manifest.js";
import { observeInventory, recordFailure, recordSuccess, type BackupMetrics } from "./metrics.js";
import { parseToolVersion, versionCommand } from "./pg-commands.js";
import { applyRetention, cleanLeftovers } from "./retention-apply.js";
import { dropStaleScratch } from "./scratch.js";
import { withLockedSession } from "./session.js";
import { verificationFailed, verifyAndRecord } from "./verify.js";

export interface JobContext {
  config: BackupConfig;
  logger: Logger;
  metrics: BackupMetrics;
  /** The clock that names backups; tests pin it. */
  now: () => Date;
}

/**
 * One backup: dump, manifest, verification, base backup (with WAL archiving), retention. Resolves with the manifest of a verified
 * backup, or rejects with a BackupError; either way the metrics record the outcome.
 */
export async function runBackup(ctx: JobContext, signal?: AbortSignal): Promise<Manifest> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const manifest = await backup(ctx, signal);
    recordSuccess(ctx.metrics, manifest, seconds(), ctx.now());
    return manifest;
  } catch (error) {
    // The counter moves last: a scrape that sees the new failure also sees the disk gauges of after it.
    const duration = seconds();
    await refreshDiskMetrics(ctx);
    recordFailure(ctx.metrics, duration);
    throw error;
  }
}

async function backup(ctx: JobContext, signal: AbortSignal | undefined): Promise<Manifest> {
  const pgDumpVersion = await checkTools(ctx.config, signal);
  return withLockedSession(ctx.config.database, async (session) => {
    await cleanUp(ctx, session);
    const createdAt = ctx.now();
    const written = await takeBackup(session, { config: ctx.config, createdAt, pgDumpVersion, signal });
    ctx.logger.info({ file: written.file, size_bytes: written.size_bytes }, "dump written; verifying");
    const manifest = await verifyAndRecord(session, {
      config: ctx.config,
      manifest: written,
      dir: ctx.config.dir,
      now: ctx.now,
      signal,
    });
    const base = manifest.verification.verified ? await baseBackupOf(ctx, manifest, createdAt, signal) : undefined;
    observeInventory(ctx.metrics, await applyRetention(ctx.config, ctx.logger));
    if (!manifest.verification.verified) throw verificationFailed(manifest);
    if (base instanceof Error) throw base;
    ctx.logger.info({ file: manifest.file, tables: manifest.tables.length }, "backup verified");
    return manifest;
  });
}

/**
 * With WAL archiving, the physical base backup that WAL can roll forward (a dump cannot). Its
 * failure fails the run after retention, but never the verified dump, which keeps counting.
 */
async function baseBackupOf(
  ctx: JobContext,
  manifest: Manifest,
  createdAt: Date,
  signal: AbortSignal | undefined,
): Promise<BaseManifest | Error | undefined> {
  if (!ctx.config.baseBackups) return undefined;
  const base = manifest.file.replace(/\.dump$/, "");
  try {
    const taken = await takeBaseBackup({
      config: ctx.config,
      base,
      pairedDump: manifest.file,
      createdAt,
      serverVersion: manifest.server_version,
      signal,
    });
    ctx.logger.info({ base, start_lsn: taken.start_lsn, start_wal_file: taken.start_wal_file }, "base backup written");
    return taken;
  } catch (error) {
    if (error instanceof BackupError && error.code === "BACKUP_ABORTED") throw error;
    ctx.logger.error({ base, err: error }, "base backup failed; the dump is verified and kept");
    return error as Error;
  }
}

/** Both tools must run before anything is touched; returns pg_dump's version for the manifest. */
async function checkTools(config: BackupConfig, signal: AbortSignal | undefined): Promise<string> {
  await runTool(versionCommand(config.tools.pgRestore), { failureCode: "BACKUP_TOOL_MISSING", signal });
  if (config.baseBackups)
    await runTool(versionCommand(config.tools.pgBaseBackup), { failureCode: "BACKUP_TOOL_MISSING", signal });
  return parseToolVersion(
    await runTool(versionCommand(config.tools.pgDump), { failureCode: "BACKUP_TOOL_MISSING", signal }),
  );
}

/** Leftovers of a crashed run: partial files and scratch databases. */
async function cleanUp(ctx: JobContext, session: pg.Client): Promise<void> {
  await cleanLeftovers(ctx.config, ctx.logger);
  const { dropped, foreign } = await dropStaleScratch(session, ctx.config.database.name);
  if (dropped.length > 0)
    ctx.logger.info({ databases: dropped }, "dropped scratch databases left by an interrupted run");
  if (foreign.length > 0)
    ctx.logger.warn(
      { databases: foreign, role: ctx.config.database.user },
      "scratch databases an interrupted run as another role left, which this role may not drop: drop each as the superuser (DROP DATABASE <name> WITH (FORCE))",
    );
}

/** Best effort: a listing failure must not replace the run's own outcome. */
export async function refreshDiskMetrics(ctx: Pick<JobContext, "config" | "logger" | "metrics">): Promise<void> {
  try {
    observeInventory(ctx.metrics, await readInventory(ctx.config.dir, ctx.config.stack));
  } catch (error) {
    ctx.logger.warn({ err: error }, "could not read the backup directory for metrics");
  }
}
