import { step as progressStep } from "../../infra/exec/progress.js";
import { RunbookError, SwitchError } from "../cli/errors.js";
import { requireDirectSmokeFor } from "../plan/capabilities.js";
import { describeStep } from "../plan/describe.js";
import type { Plan, Step } from "../plan/types.js";
import type { Outcome } from "../release/schema.js";
import type { Target } from "../targets/target.js";
import { runStep } from "./runStep.js";

export interface StepReport {
  step: Step;
  ok: boolean;
  ms: number;
  result?: unknown;
  error?: string;
}

export interface Execution {
  outcome: Outcome;
  steps: StepReport[];
  /** Steps run to recover after a failure (switch back, restore the idle colour). */
  recovery: StepReport[];
  /** The failure that ended the plan, when it did not succeed. */
  error?: RunbookError;
}

/** Runs a labelled piece of work with progress on stderr; injectable so tests stay quiet. */
export type Progress = <T>(label: string, work: () => Promise<T>) => Promise<T>;

/**
 * Runs the plan's steps in order. A failure before traffic moved runs onEarlyFailure (outcome
 * aborted); any failure once it moved (verification, or declaring the state) runs onVerifyFailed, i.e.
 * switches back, so what serves stays what is declared (rolled-back; failed when the way back fails too).
 * Recovery stops at its first failure and never hides the original error. A plan needing a capability
 * the target does not declare is refused before its first step.
 */
export async function execute(plan: Plan, target: Target, progress: Progress = progressStep): Promise<Execution> {
  if (plan.dryRun) throw new RunbookError("USAGE", "a dry-run plan is only printed, never executed");
  requireDirectSmokeFor(plan, target.directSmoke);
  const steps: StepReport[] = [];
  let moved = false;
  for (const s of plan.steps) {
    const { report, thrown } = await attempt(target, s, progress);
    steps.push(report);
    if (report.ok) {
      moved ||= s.kind === "switch";
      continue;
    }
    const error = asRunbookError(thrown, s);
    moved ||= error instanceof SwitchError && error.moved;
    return moved
      ? recover(plan.onVerifyFailed, "rolled-back", steps, error, target, progress)
      : recover(plan.onEarlyFailure, "aborted", steps, error, target, progress);
  }
  return { outcome: "success", steps, recovery: [] };
}

async function recover(
  plan: Step[],
  outcome: Outcome,
  steps: StepReport[],
  error: RunbookError,
  target: Target,
  progress: Progress,
): Promise<Execution> {
  const recovery: StepReport[] = [];
  for (const s of plan) {
    const { report } = await attempt(target, s, progress);
    recovery.push(report);
    if (!report.ok) return { outcome: "failed", steps, recovery, error };
  }
  return { outcome, steps, recovery, error };
}

async function attempt(target: Target, s: Step, progress: Progress): Promise<{ report: StepReport; thrown?: unknown }> {
  const started = Date.now();
  try {
    const result = await progress(describeStep(s), () => runStep(target, s));
    return { report: { step: s, ok: true, ms: Date.now() - started, result } };
  } catch (thrown) {
    return { report: { step: s, ok: false, ms: Date.now() - started, error: (thrown as Error).message }, thrown };
  }
}

function asRunbookError(thrown: unknown, s: Step): RunbookError {
  if (thrown instanceof RunbookError) return thrown;
  return new RunbookError(
    s.kind === "switch" ? "SWITCH_FAILED" : "DEPLOY_FAILED",
    `${s.kind} failed: ${(thrown as Error).message}`,
  );
}
