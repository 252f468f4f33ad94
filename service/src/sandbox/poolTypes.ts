import type { Job } from "./jobRunner.js";
import type { JobResult } from "./outcome.js";
import type { Language } from "./worker/messages.js";
import type { WorkerHandle } from "./workerProcess.js";

/** Shapes shared by the pool and its callers; every duration in ms. */
export interface PoolOptions {
  language: Language;
  /** Workers kept alive (warming, idle or busy). */
  size: number;
  /** Jobs that may wait for a worker; one more is refused with QueueFullError. */
  queueLimit: number;
  /** Whether a worker may run more than one job (see workerFactory.ts for why per language). */
  /** Jobs after which a worker is retired (1: single use). */
  maxJobsPerWorker: number;
  /** Starts a worker; `ready` resolves once it can take a job and rejects if it cannot. */
  startWorker: () => StartedWorker;
  onWorkerError: (error: unknown) => void;
}

export interface StartedWorker {
  worker: WorkerHandle;
  ready: Promise<void>;
}

export interface PoolStats {
  idle: number;
  busy: number;
  warming: number;
  queued: number;
}

export interface Slot {
  worker: WorkerHandle;
  jobs: number;
}

export interface Waiter {
  job: Job;
  resolve: (result: JobResult) => void;
  reject: (error: unknown) => void;
}
