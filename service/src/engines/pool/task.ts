import { LOGIC_TIMEOUT_MS, verifyLogic } from "../logic/verify-logic.js";
import { MATH_DEADLINE_MS } from "../math/limits.js";
import { verifyMath } from "../math/verify-math.js";
import type { Verdict } from "../verdict.js";

/** The engines whose work is heavy enough to run off the main thread (engine-pool.ts). */
export const POOLED_ENGINES = ["math", "logic"] as const;
export type PooledEngine = (typeof POOLED_ENGINES)[number];

/** One call, as it crosses to a worker thread: plain data both ways. */
export interface EngineTask {
  engine: PooledEngine;
  input: unknown;
  /** Logic only: the solver's time for this attempt, whatever the input asks (verify-logic.ts's LogicDeps). */
  sliceMs?: number;
}

/** Extra wall time a logic query gets beyond its solver timeout (queueing and Z3 overrunning its own timer). */
export const LOGIC_GRACE_MS = 2_000;

/**
 * How long a call may take, queueing included, before its worker is stopped and the caller gets
 * UNVERIFIABLE TIMEOUT. Logic: the solver timeout the input asks for (when valid; the engine itself
 * refuses an invalid one), or the task's slice when shorter, plus LOGIC_GRACE_MS. Math: MATH_DEADLINE_MS, far beyond what its limits allow.
 */
export function deadlineMs(task: EngineTask): number {
  if (task.engine === "math") return MATH_DEADLINE_MS;
  const asked = (task.input as { timeout_ms?: unknown } | null)?.timeout_ms;
  const valid = typeof asked === "number" && Number.isInteger(asked) && asked >= 1 && asked <= LOGIC_TIMEOUT_MS.max;
  const timeoutMs = valid ? asked : LOGIC_TIMEOUT_MS.default;
  return Math.min(timeoutMs, task.sliceMs ?? timeoutMs) + LOGIC_GRACE_MS;
}

/** Runs one task in this thread: what a pool worker does with each message. */
export function runEngineTask(task: EngineTask): Promise<Verdict> {
  if (task.engine === "math") return verifyMath(task.input as never, undefined);
  if (task.engine === "logic")
    return verifyLogic(task.input as never, task.sliceMs === undefined ? undefined : { sliceMs: task.sliceMs });
  throw new Error(`engine task names ${JSON.stringify((task as { engine: unknown }).engine)}; allowed: math, logic`);
}

/** A small input each engine verifies: run once in every new worker, and by EnginePool.ready(). */
export const WARM_UP_INPUT: Readonly<Record<PooledEngine, unknown>> = {
  math: { expression: "(x+1)^2 = x^2 + 2*x + 1" },
  logic: { expression: "(AND (GT x 1) (LT x 3))" },
};

/**
 * Starts Z3 and compiles the hot paths of both engines, so the first real request a worker takes
 * costs what the thousandth does (Z3's start alone is about 0.3 s of CPU).
 */
export async function warmUp(engines: readonly PooledEngine[]): Promise<void> {
  const checks = await Promise.all(engines.map((engine) => runEngineTask({ engine, input: WARM_UP_INPUT[engine] })));
  const failed = checks.find((verdict) => verdict.status !== "VERIFIED");
  if (failed !== undefined) throw new Error(`engine worker warm-up failed: ${failed.reason}: ${failed.message}`);
}
