import { randomUUID } from "node:crypto";
import { QueueFullError, ShuttingDownError } from "./errors.js";
import { resolveLimits, type JobRequest, type LimitMaxima } from "./jobSchema.js";
import type { SandboxMetrics } from "./metrics.js";
import type { JobResult } from "./outcome.js";
import type { PoolStats } from "./pool.js";
import type { Job } from "./jobRunner.js";
import type { Language } from "./worker/messages.js";

/** What the service needs of a pool (WorkerPool, or a fake in route tests). */
export interface JobPool {
  submit(job: Job): Promise<JobResult>;
  warm(): boolean;
  stats(): PoolStats;
  close(drainMs: number): Promise<void>;
}

/**
 * Turns a validated request into a job for the right pool and records the
 * outcome in metrics. The job's data crosses into the worker only as JSON
 * text, so nothing of the request object (its prototype included) does.
 */
export class SandboxService {
  constructor(
    private readonly pools: Record<Language, JobPool>,
    private readonly maxima: LimitMaxima,
    private readonly metrics: SandboxMetrics,
  ) {}

  async execute(request: JobRequest): Promise<JobResult> {
    const job: Job = {
      id: randomUUID(),
      code: request.code,
      dataJson: JSON.stringify(request.data ?? null),
      limits: resolveLimits(request.limits, this.maxima),
    };
    try {
      const result = await this.pools[request.language].submit(job);
      this.metrics.recordJob(request.language, result);
      return result;
    } catch (error) {
      if (error instanceof QueueFullError) this.metrics.recordRejection(request.language, "queue_full");
      if (error instanceof ShuttingDownError) this.metrics.recordRejection(request.language, "shutting_down");
      throw error;
    }
  }

  /** Ready when every language has a warm pool. */
  ready(): boolean {
    return Object.values(this.pools).every((pool) => pool.warm());
  }

  poolStats(): Record<Language, PoolStats> {
    return { python: this.pools.python.stats(), javascript: this.pools.javascript.stats() };
  }

  async close(drainMs: number): Promise<void> {
    await Promise.all(Object.values(this.pools).map((pool) => pool.close(drainMs)));
  }
}
