import { step } from "../../infra/exec/progress.js";
import { CommandError, run } from "../../infra/exec/run.js";
import { waitHealthy } from "../../infra/local/health.js";
import type { Verdict } from "../plan/judge.js";
import type { Colour } from "../plan/types.js";
import type { BackupSite, Target } from "../targets/target.js";
import { BackupRunbookError } from "./errors.js";
import { jobExec } from "./job.js";
import { recoverAndCopy } from "./pitrRun.js";
import type { DumpPlan, RestorePlan } from "./restorePlan.js";
import { jobAnswer, restoreResultSchema, type CopyResult, type RestoreResult, type SwitchResult } from "./schemas.js";

/** How long one restarted api container may take to report healthy, ms. */
const RESTART_HEALTHY_MS = 180_000;
/** How long the proxy may take to put the restarted live colour back in rotation (its checks: 1 s, rise 2), ms. */
const PROXY_REJOIN_MS = 60_000;

export interface RestoreOutcome {
  /** The dump's restore (checked against its manifest), or the point-in-time copy (checked against the recovered server). */
  restore: RestoreResult | CopyResult;
  switched: SwitchResult;
  restarted: string[];
  verify: Verdict;
}

/**
 * Restores into a fresh database, never over the live one. Switching by rename (not by pointing the
 * api at a new name) keeps every consumer's configuration (api, backup job, migrations) as it is and
 * leaves the old database beside the new one for rollback; a physical restore would need a new data
 * volume for the whole server, taking down what still works (so a point-in-time recovery runs in a
 * throwaway server and its database is copied in). Then a rolling restart drops every pool's
 * connections to the old database.
 */
export async function executeRestore(
  site: BackupSite,
  stack: string,
  target: Target,
  plan: RestorePlan,
): Promise<RestoreOutcome> {
  const restore = plan.kind === "dump" ? await restoreDump(site, plan) : await recoverAndCopy(site, stack, plan);
  const switched = restore.switched;
  if (switched === undefined)
    throw new BackupRunbookError(
      "RESTORE_FAILED",
      `the backup job in ${site.backup} did not switch ${plan.database} in (an image older than \`--switch\`?); update the stack's backup image (\`npm start\` / \`pulumi up\`) and \`ops backup\` again`,
    );
  const active = (await target.observe()).declared.activeColour;
  const restarted = await rollingRestart(site, active);
  const verify = await verifiedThroughProxy(target, active);
  if (!verify.ok)
    throw new BackupRunbookError(
      "RESTORE_FAILED",
      `restored and switched (previous database kept as ${switched.previous}), but the proxy check failed: ${verify.failures.join("; ")}`,
      { restore, switched },
    );
  return { restore, switched, restarted, verify };
}

/** The job restores, compares and switches in one run (`restore --switch`): the switch only follows a match. */
async function restoreDump(site: BackupSite, plan: DumpPlan): Promise<RestoreResult> {
  return jobAnswer(restoreResultSchema, await job(site, ["restore", plan.dump, plan.database, "--switch"]), "restore");
}

async function job(site: BackupSite, args: string[]): Promise<string> {
  try {
    return await step(`${args.join(" ")} (in ${site.backup})`, () =>
      run(jobExec(site.backup, args), { timeoutMs: 60 * 60_000 }),
    );
  } catch (err) {
    const why = err instanceof CommandError ? err.stderrTail || err.message : (err as Error).message;
    throw new BackupRunbookError("RESTORE_FAILED", `${args[0]} failed; the live database was not switched: ${why}`);
  }
}

/** The idle colour first (no traffic), then the live one, one running container at a time. */
async function rollingRestart(site: BackupSite, active: Colour): Promise<string[]> {
  const order: Colour[] = active === "blue" ? ["green", "blue"] : ["blue", "green"];
  const running = [];
  for (const name of order.flatMap((c) => site.api[c])) {
    const state = await run(["docker", "inspect", "--format", "{{.State.Status}}", name]).catch(() => "absent");
    if (state.trim() !== "running") continue;
    running.push(name);
    await run(["docker", "restart", "--time", "45", name], { timeoutMs: 120_000 });
    await waitHealthy([name], RESTART_HEALTHY_MS);
  }
  return running;
}

/** Healthy to Docker is not yet in rotation at the proxy: small bursts until one passes, then the real one. */
async function verifiedThroughProxy(target: Target, colour: Colour): Promise<Verdict> {
  const deadline = Date.now() + PROXY_REJOIN_MS;
  while (!(await target.verify(colour, undefined, 2)).ok && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 500));
  return target.verify(colour, undefined, 10);
}
