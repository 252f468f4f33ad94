import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { fileError } from "./errors.js";
import { buildMetricsServer, type SchedulerStatus } from "./metrics-server.js";
import { refreshDiskMetrics, type JobContext } from "./run-backup.js";
import { abortableSleep } from "./scheduler.js";

/**
 * The long-running observer, for sites where each backup is a one-shot Job nobody scrapes
 * (Kubernetes): serves the same listener as `schedule` with the disk gauges of BACKUP_DIR, re-read
 * every BACKUP_OBSERVE_SECONDS, and returns once `signal` aborts. It never backs up and never
 * writes, so BACKUP_DIR may be a read-only mount.
 */
export async function observeCommand(
  ctx: Pick<JobContext, "config" | "logger" | "metrics">,
  signal: AbortSignal,
): Promise<void> {
  const { dir, observeSeconds } = ctx.config;
  // Listing needs read, hashing each file needs search (x) on the directory; never write.
  await access(dir, constants.R_OK | constants.X_OK).catch((error) => {
    throw fileError(error, "opening", dir, "readable");
  });
  const status: SchedulerStatus = { running: false, next_run_at: null, mode: "observe" };
  const server = buildMetricsServer(ctx.metrics, () => status, ctx.logger);
  await server.listen({ host: ctx.config.metricsHost, port: ctx.config.metricsPort });
  ctx.logger.info({ dir, every_seconds: observeSeconds }, "observing the backup directory");
  try {
    // After listen, as in schedule: hashing large dumps takes a while, and liveness must not wait for it.
    while (!signal.aborted) {
      await refreshDiskMetrics(ctx);
      await abortableSleep(observeSeconds * 1000, signal);
    }
  } finally {
    await server.close();
  }
}
