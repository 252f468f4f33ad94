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
}

/** Extra wall time a logic query gets beyond its solver timeout (queueing and Z3 overrunning its own timer). */
export const LOGIC_GRACE_MS = 2_000;

/**
 * How long a call may take, queueing included, before its worker is stopped and the caller gets
 * UNVERIFIABLE TIMEOUT. Logic: the solver timeout the input asks for (when valid; the engine itself
 * refuses an invalid one) plus LOGIC_GRACE_MS. Math: MATH_DEADLINE_MS, far beyond what its limits allow.
 */
export function deadlineMs(task: EngineTask): number {
  if (task.engine === "math") return MATH_DEADLINE_MS;
  const asked = (task.input as { timeout_ms?: unknown } | null)?.timeout_ms;
  const valid = typeof asked === "number" && Number.isInteger(asked) && asked >= 1 && asked <= LOGIC_TIMEOUT_MS.max;
  return (valid ? asked : LOGIC_TIMEOUT_MS.default) + LOGIC_GRACE_MS;
}

/** Runs one task in this thread: what a pool worker does with each message. */
export function runEngineTask(task: EngineTask): Promise<Verdict> {
  if (task.engine === "math") return verifyMath(task.input as never, undefined);
  if (task.engine === "logic") return verifyLogic(task.input as never, undefined);
  throw new Error(`engine task names ${JSON.stringify((task as { engine: unknown }).engine)}; allowed: math, logic`);
}

/** A small input each engine verifies: run once in every new worker, and by EnginePool.ready(). */
export const WARM_UP_INPUT: Readonly<Record<PooledEngine, unknown>> = {
  math: { expression: "(x+1)^2 = x^2 + 2*x + 1" },
  // The longest solver time: on a starved host (replicas starting together under CPU quotas) a first
  // query may take seconds, which is slow, not broken.
  logic: { expression: "(AND (GT x 1) (LT x 3))", timeout_ms: 10_000 },
};

/**
 * What a warm-up verdict says about the engine: broken only when BLOCKED (the engine could not run: Z3
 * missing or refusing); VERIFIED, or a TIMEOUT of a starved host, is an engine that works.
 */
export function warmUpProblem(engine: PooledEngine, verdict: Verdict): Error | undefined {
  if (verdict.status !== "BLOCKED") return undefined;
  return new Error(`engine ${engine} cannot run: ${verdict.reason}: ${verdict.message}`);
}

/**
 * Starts Z3 and compiles the hot paths of both engines, so the first real request a worker takes
 * costs what the thousandth does (Z3's start alone is about 0.3 s of CPU).
 */
export async function warmUp(engines: readonly PooledEngine[]): Promise<void> {
  for (const engine of engines) {
    const problem = warmUpProblem(engine, await runEngineTask({ engine, input: WARM_UP_INPUT[engine] }));
    if (problem !== undefined) throw problem;
  }
}
