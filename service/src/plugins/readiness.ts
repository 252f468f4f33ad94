import { setTimeout as sleep } from "node:timers/promises";

export type CheckResult = "ok" | "fail";

/** Constant-size body of /health/ready: no error text, no timings. */
export interface ReadinessReport {
  status: "ready" | "not_ready";
  checks: { postgres: CheckResult; redis: CheckResult };
}

/** One probe a dependency; each resolves when the dependency answered. */
export interface ReadinessProbes {
  postgres: () => Promise<unknown>;
  redis: () => Promise<unknown>;
}

type Checks = ReadinessReport["checks"];

/** Probes both dependencies in parallel, each bounded by `timeoutMs`. */
export async function probeDependencies(probes: ReadinessProbes, timeoutMs: number): Promise<Checks> {
  const [postgres, redis] = await Promise.all([
    passesWithin(probes.postgres, timeoutMs),
    passesWithin(probes.redis, timeoutMs),
  ]);
  return { postgres: result(postgres), redis: result(redis) };
}

/** Ready when both dependencies answered and the process is not draining. */
export function readinessReport(checks: Checks, draining: boolean): ReadinessReport {
  return { status: checks.postgres === "ok" && checks.redis === "ok" && !draining ? "ready" : "not_ready", checks };
}

export async function probeReadiness(
  probes: ReadinessProbes,
  timeoutMs: number,
  draining: boolean,
): Promise<ReadinessReport> {
  return readinessReport(await probeDependencies(probes, timeoutMs), draining);
}

/** True when `work` resolves before the deadline; a rejection or a late answer is false. */
export async function passesWithin(work: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  const deadline = new AbortController();
  const late = sleep(timeoutMs, false, { signal: deadline.signal }).catch(() => false);
  try {
    return await Promise.race([
      Promise.resolve()
        .then(work)
        .then(
          () => true,
          () => false,
        ),
      late,
    ]);
  } finally {
    deadline.abort();
  }
}

function result(passed: boolean): CheckResult {
  return passed ? "ok" : "fail";
}
