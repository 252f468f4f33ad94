import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { JobResult, Retirement } from "./outcome.js";
import type { PoolStats } from "./pool.js";
import type { Language } from "./worker/messages.js";

/** What metrics read from a pool at scrape time (no state is copied in between). */
export interface PoolGauge {
  size: number;
  stats(): PoolStats;
  retired(): Readonly<Record<Retirement, number>>;
}

export interface SandboxMetrics {
  registry: Registry;
  recordJob(language: Language, result: JobResult): void;
  recordRejection(language: Language, reason: "queue_full" | "shutting_down"): void;
}

/** Seconds; spans a warm JS job (ms) up to the highest configurable wall time (60 s). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(pools: Record<Language, PoolGauge>): SandboxMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "sandbox_" });
  const entries = Object.entries(pools) as Array<[Language, PoolGauge]>;
  const jobs = new Counter({
    name: "sandbox_jobs_total",
    help: "Jobs finished, by language and final status.",
    labelNames: ["language", "status"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "sandbox_job_duration_seconds",
    help: "Time from dispatch to result, by language.",
    labelNames: ["language"],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const rejected = new Counter({
    name: "sandbox_jobs_rejected_total",
    help: "Jobs refused with 503, by language and reason.",
    labelNames: ["language", "reason"],
    registers: [registry],
  });
  new Gauge({
    name: "sandbox_pool_workers",
    help: "Worker processes by language and state (idle, busy, warming).",
    labelNames: ["language", "state"],
    registers: [registry],
    collect() {
      for (const [language, pool] of entries)
        for (const [state, n] of Object.entries(workerStates(pool.stats()))) this.set({ language, state }, n);
    },
  });
  new Gauge({
    name: "sandbox_queue_depth",
    help: "Jobs waiting for a worker, by language.",
    labelNames: ["language"],
    registers: [registry],
    collect() {
      for (const [language, pool] of entries) this.set({ language }, pool.stats().queued);
    },
  });
  new Gauge({
    name: "sandbox_pool_busy_ratio",
    help: "Busy workers over pool size (1 = saturated), by language.",
    labelNames: ["language"],
    registers: [registry],
    collect() {
      for (const [language, pool] of entries) this.set({ language }, pool.stats().busy / pool.size);
    },
  });
  new Counter({
    name: "sandbox_workers_retired_total",
    help: "Workers retired after a job, by language and why: limit, exited, outside_instance, runtime_failed, last_job.",
    labelNames: ["language", "reason"],
    registers: [registry],
    collect() {
      // The pools keep the counts; a scrape copies them (a counter has no set, hence reset and inc).
      this.reset();
      for (const [language, pool] of entries)
        for (const [reason, n] of Object.entries(pool.retired())) this.inc({ language, reason }, n);
    },
  });
  return {
    registry,
    recordJob(language, result) {
      jobs.inc({ language, status: result.status });
      duration.observe({ language }, result.duration_ms / 1000);
    },
    recordRejection: (language, reason) => rejected.inc({ language, reason }),
  };
}

function workerStates(stats: PoolStats): Record<"idle" | "busy" | "warming", number> {
  return { idle: stats.idle, busy: stats.busy, warming: stats.warming };
}
