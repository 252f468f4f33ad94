import { QueueFullError, ShuttingDownError } from "./errors.js";
import { runJob, type Job } from "./jobRunner.js";

export type { PoolOptions, PoolStats, StartedWorker } from "./poolTypes.js";
import type { JobResult, Retirement } from "./outcome.js";
import type { WorkerHandle } from "./workerProcess.js";
import type { PoolOptions, PoolStats, Slot, Waiter } from "./poolTypes.js";

const MAX_BACKOFF_MS = 30_000;

/**
 * Keeps `size` warm workers of one language, hands each job to an idle one
 * or queues it (bounded), and replaces every worker that exits: killed after
 * a limit, retired (after its last job, or a job that asked), or crashed. Process count never exceeds
 * `size` plus workers already killed whose exit is being reaped.
 */
export class WorkerPool {
  private readonly idle: Slot[] = [];
  private readonly queue: Waiter[] = [];
  private readonly live = new Set<WorkerHandle>();
  private busy = 0;
  private warming = 0;
  private failures = 0;
  private booted = 0;
  private closing = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly retirements: Record<Retirement, number> = {
    limit: 0,
    exited: 0,
    outside_instance: 0,
    runtime_failed: 0,
    last_job: 0,
  };

  constructor(private readonly options: PoolOptions) {}

  start(): void {
    for (let i = 0; i < this.options.size; i++) this.spawn();
  }

  /** Warm: some worker of this pool has booted and the latest boot did not fail. */
  warm(): boolean {
    return this.booted > 0 && this.failures === 0;
  }

  stats(): PoolStats {
    return { idle: this.idle.length, busy: this.busy, warming: this.warming, queued: this.queue.length };
  }

  /** Workers retired after a job since start, by why (a worker that crashed while idle is not counted). */
  retired(): Readonly<Record<Retirement, number>> {
    return { ...this.retirements };
  }

  submit(job: Job): Promise<JobResult> {
    if (this.closing) return Promise.reject(new ShuttingDownError());
    const slot = this.idle.pop();
    if (slot) return this.dispatch(slot, job);
    if (this.queue.length >= this.options.queueLimit)
      return Promise.reject(new QueueFullError(this.options.language, this.options.queueLimit));
    return new Promise((resolve, reject) => this.queue.push({ job, resolve, reject }));
  }

  /** Stops taking jobs, lets running and queued ones finish (up to `drainMs`), then kills every worker. */
  async close(drainMs: number): Promise<void> {
    this.closing = true;
    const deadline = Date.now() + drainMs;
    while ((this.busy > 0 || this.queue.length > 0) && Date.now() < deadline) await delay(25);
    for (const waiter of this.queue.splice(0)) waiter.reject(new ShuttingDownError());
    clearTimeout(this.retryTimer);
    const exits = [...this.live].map((worker) => (worker.kill(), worker.exited));
    await Promise.all(exits);
  }

  private async dispatch(slot: Slot, job: Job): Promise<JobResult> {
    this.busy += 1;
    slot.jobs += 1;
    try {
      const mayContinue = slot.jobs < this.options.maxJobsPerWorker;
      const { result, retired } = await runJob(slot.worker, job, mayContinue);
      if (retired === undefined) this.release(slot);
      else this.retirements[retired] += 1;
      return result;
    } finally {
      this.busy -= 1;
    }
  }

  private release(slot: Slot): void {
    const next = this.queue.shift();
    if (next) this.dispatch(slot, next.job).then(next.resolve, next.reject);
    else this.idle.push(slot);
  }

  private spawn(): void {
    if (this.closing && this.queue.length === 0) return;
    const { worker, ready } = this.options.startWorker();
    this.live.add(worker);
    this.warming += 1;
    let booted = false;
    void worker.exited.then(() => this.retire(worker, booted));
    ready.then(
      () => {
        booted = true;
        this.adopt(worker);
      },
      (error: unknown) => this.bootFailed(error),
    );
  }

  private adopt(worker: WorkerHandle): void {
    this.warming -= 1;
    this.failures = 0;
    this.booted += 1;
    if (this.closing && this.queue.length === 0) worker.kill();
    else this.release({ worker, jobs: 0 });
  }

  /** A worker that served is replaced at once; one that failed to boot is replaced by bootFailed. */
  private retire(worker: WorkerHandle, booted: boolean): void {
    this.live.delete(worker);
    const index = this.idle.findIndex((slot) => slot.worker === worker);
    if (index !== -1) this.idle.splice(index, 1);
    if (booted) this.spawn();
  }

  /** Boot failures back off exponentially so a broken runtime does not spin the CPU. */
  private bootFailed(error: unknown): void {
    this.warming -= 1;
    if (this.closing) return;
    this.failures += 1;
    this.options.onWorkerError(error);
    const wait = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.failures);
    this.retryTimer = setTimeout(() => this.spawn(), wait);
    this.retryTimer.unref();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
