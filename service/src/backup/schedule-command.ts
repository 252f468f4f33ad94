import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { BackupError, fileError } from "./errors.js";
import { buildMetricsServer, type SchedulerStatus } from "./metrics-server.js";
import { refreshDiskMetrics, runBackup, type JobContext } from "./run-backup.js";
import { runOnSchedule } from "./scheduler.js";

/**
 * The long-running job: serves metrics, backs up at each cron time, survives failed runs, and
 * returns once `signal` aborts (the current run is aborted and cleaned up first).
 */
export async function scheduleCommand(ctx: JobContext, signal: AbortSignal): Promise<void> {
  await access(ctx.config.dir, constants.W_OK).catch((error) => {
    throw fileError(error, "opening", ctx.config.dir);
  });
  const status: SchedulerStatus = { running: false, next_run_at: null };
  const server = buildMetricsServer(ctx.metrics, () => status, ctx.logger);
  await server.listen({ host: ctx.config.metricsHost, port: ctx.config.metricsPort });
  try {
    // After listen: hashing large dumps takes a while, and liveness must not wait for it.
    await refreshDiskMetrics(ctx);
    await runOnSchedule({
      expression: ctx.config.schedule,
      signal,
      job: (runSignal) => scheduledRun(ctx, status, runSignal),
      onFailure: (error) => ctx.logger.error({ err: error }, "scheduled run crashed"),
      onNudge: (wake) => onRunNowSignal(ctx, wake),
      onNext: (at) => {
        status.next_run_at = at.toISOString();
        ctx.logger.info({ next_run_at: status.next_run_at }, "next backup scheduled");
      },
    });
  } finally {
    await server.close();
  }
}

/**
 * SIGUSR2 runs the schedule's next run now (`docker kill --signal SIGUSR2 <backup container>`): its
 * outcome lands in this process's metrics and logs like any scheduled run. (SIGUSR1 is node's debugger.)
 */
function onRunNowSignal(ctx: JobContext, wake: () => void): () => void {
  const listener = () => {
    ctx.logger.info("SIGUSR2: running the scheduled backup now");
    wake();
  };
  process.on("SIGUSR2", listener);
  return () => process.off("SIGUSR2", listener);
}

/** A failed run is logged and counted (by runBackup), never fatal to the schedule. */
async function scheduledRun(ctx: JobContext, status: SchedulerStatus, signal: AbortSignal): Promise<void> {
  status.running = true;
  try {
    const manifest = await runBackup(ctx, signal);
    ctx.logger.info({ file: manifest.file, size_bytes: manifest.size_bytes }, "scheduled backup verified");
  } catch (error) {
    const code = error instanceof BackupError ? error.code : "BACKUP_INTERNAL";
    ctx.logger.error({ code, err: error }, "scheduled backup failed");
  } finally {
    status.running = false;
  }
}
