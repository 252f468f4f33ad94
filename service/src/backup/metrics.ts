import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { join } from "node:path";
import { newestSegmentTime } from "./base-inventory.js";
import { WAL_SUBDIR } from "./base-naming.js";
import { newestVerified, type Inventory } from "./inventory.js";
import type { Manifest } from "./manifest.js";

export type RunOutcome = "success" | "failure";

/** The job's own registry, so each process (and each test) counts alone. */
export interface BackupMetrics {
  registry: Registry;
  lastSuccessTimestampSeconds: Gauge;
  lastVerifiedTimestampSeconds: Gauge;
  lastSizeBytes: Gauge;
  lastDurationSeconds: Gauge;
  runsTotal: Counter<"outcome">;
  verifiedCount: Gauge;
}

/**
 * `walDir` (BACKUP_DIR, with WAL archiving on) adds backup_wal_last_archived_timestamp_seconds, read
 * from the archive at each scrape: the job does not archive, postgres does, so only the disk knows.
 */
export function createBackupMetrics(walDir?: string): BackupMetrics {
  const registry = new Registry();
  if (walDir !== undefined) walArchiveGauge(registry, walDir);
  collectDefaultMetrics({ register: registry });
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers: [registry] });
  const runsTotal = new Counter({
    name: "backup_runs_total",
    help: "Backup runs by outcome (success = a verified backup)",
    labelNames: ["outcome"],
    registers: [registry],
  });
  // Both series exist from the start, so rate() and absence alerts work before the first failure.
  for (const outcome of ["success", "failure"] satisfies RunOutcome[]) runsTotal.inc({ outcome }, 0);
  return {
    registry,
    runsTotal,
    lastSuccessTimestampSeconds: gauge(
      "backup_last_success_timestamp_seconds",
      "Unix time this process last finished a run with a verified backup",
    ),
    lastVerifiedTimestampSeconds: gauge(
      "backup_last_verified_timestamp_seconds",
      "Unix time the newest verified backup on disk was verified",
    ),
    lastSizeBytes: gauge("backup_last_size_bytes", "Size of the last verified dump, in bytes"),
    lastDurationSeconds: gauge(
      "backup_last_duration_seconds",
      "Duration of the last run, whatever its outcome, in seconds",
    ),
    verifiedCount: gauge("backup_verified_count", "Verified backups on disk"),
  };
}

export function recordSuccess(
  metrics: BackupMetrics,
  manifest: Manifest,
  durationSeconds: number,
  finishedAt: Date,
): void {
  metrics.runsTotal.inc({ outcome: "success" });
  metrics.lastSuccessTimestampSeconds.set(finishedAt.getTime() / 1000);
  metrics.lastSizeBytes.set(manifest.size_bytes);
  metrics.lastDurationSeconds.set(durationSeconds);
}

export function recordFailure(metrics: BackupMetrics, durationSeconds: number): void {
  metrics.runsTotal.inc({ outcome: "failure" });
  metrics.lastDurationSeconds.set(durationSeconds);
}

/** Gauges that describe the disk rather than this process: set at start and after every run. */
export function observeInventory(metrics: BackupMetrics, inventory: Inventory): void {
  metrics.verifiedCount.set(inventory.backups.filter((entry) => entry.state === "verified").length);
  const verifiedAt = newestVerified(inventory)?.manifest?.verification.at;
  if (verifiedAt) metrics.lastVerifiedTimestampSeconds.set(Date.parse(verifiedAt) / 1000);
}

/** Labelled by the archive directory: an unlabelled gauge would read 0 (not absent) before the first segment. */
function walArchiveGauge(registry: Registry, dir: string): void {
  const archive = join(dir, WAL_SUBDIR);
  new Gauge({
    name: "backup_wal_last_archived_timestamp_seconds",
    help: "Modification time of the newest WAL segment in the archive (Unix seconds); absent until one is archived",
    labelNames: ["dir"],
    registers: [registry],
    async collect() {
      const newest = await newestSegmentTime(dir).catch(() => undefined);
      this.reset();
      if (newest !== undefined) this.set({ dir: archive }, newest);
    },
  });
}
