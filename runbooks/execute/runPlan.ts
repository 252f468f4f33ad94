import { hostname, userInfo } from "node:os";
import { say } from "../../infra/exec/progress.js";
import { acquireLock } from "../../infra/local/lock.js";
import type { CommandContext, CommandResult } from "../cli/command.js";
import { confirm } from "../cli/confirm.js";
import { RunbookError } from "../cli/errors.js";
import { requireDirectSmokeFor } from "../plan/capabilities.js";
import { describePlan } from "../plan/describe.js";
import type { Observed, Plan } from "../plan/types.js";
import { releaseEntry } from "../release/entry.js";
import { appendRelease } from "../release/log.js";
import type { Target } from "../targets/target.js";
import { execute, type Execution } from "./executor.js";

/**
 * The one way a traffic-moving runbook runs: a dry run observes, plans and prints. Otherwise under the
 * deploy lock (released in finally, whatever happens): observe, plan, print, confirm, execute, append
 * the outcome to the release log, and fail with one coded error unless the plan succeeded. A plan
 * needing what the target does not declare (a direct smoke) is refused as soon as it is made, dry run or not.
 */
export async function runPlan(ctx: CommandContext<unknown>, makePlan: (o: Observed) => Plan): Promise<CommandResult> {
  const target = await ctx.target();
  const planFor = (o: Observed): Plan => {
    const plan = makePlan(o);
    requireDirectSmokeFor(plan, target.directSmoke);
    return plan;
  };
  if (ctx.common.dryRun) return planned(planFor(await target.observe()));
  const release = acquireLock(target.files.lock, ctx.commandLine);
  try {
    const plan = planFor(await target.observe());
    for (const line of describePlan(plan)) say(line);
    if (plan.noop !== undefined) return planned(plan);
    await confirm(
      `${ctx.command} ${ctx.stack}: ${plan.from} → ${plan.to}`,
      ctx.stack,
      target.tier,
      ctx.common.yes,
      ctx.operator,
    );
    return await executeAndRecord(ctx, target, plan);
  } finally {
    release();
  }
}

/** Executes, appends the outcome to the release log whatever it was, then succeeds or throws one coded error. */
async function executeAndRecord(ctx: CommandContext<unknown>, target: Target, plan: Plan): Promise<CommandResult> {
  const started = Date.now();
  const run = await execute(plan, target);
  const meta = {
    time: new Date(started).toISOString(),
    operator: userInfo().username,
    host: hostname(),
    stack: ctx.stack,
    instance: ctx.instance,
  };
  appendRelease(target.files.releaseLog, releaseEntry(plan, run, { ...meta, durationMs: Date.now() - started }));
  if (run.outcome !== "success") throw failure(plan, run, ctx.stack);
  return {
    data: { plan, outcome: run.outcome, steps: run.steps, durationMs: Date.now() - started },
    lines: [`${plan.command}: ${plan.to} serves ${plan.image}; ${plan.from} stays warm`],
  };
}

const planned = (plan: Plan): CommandResult => ({
  data: { plan, outcome: plan.noop ? "noop" : "planned" },
  lines: describePlan(plan),
});

function failure(plan: Plan, run: Execution, stack: string): RunbookError {
  const cause = run.error ?? new RunbookError("DEPLOY_FAILED", "failed");
  const detail = { plan, outcome: run.outcome, steps: run.steps, recovery: run.recovery };
  if (run.outcome === "rolled-back") {
    return new RunbookError(
      "ROLLED_BACK",
      `${cause.message}; rolled back on its own: traffic is back on ${plan.from}`,
      detail,
    );
  }
  if (run.outcome === "aborted")
    return new RunbookError(cause.code, `${cause.message}; traffic never moved (still on ${plan.from})`, detail);
  const broken = run.recovery.find((r) => !r.ok);
  return new RunbookError(
    cause.code,
    `${cause.message}; recovery failed too (${broken?.step.kind}: ${broken?.error}); run \`ops status ${stack}\` and decide`,
    detail,
  );
}
