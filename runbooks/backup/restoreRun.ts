import { step } from "../../infra/exec/progress.js";
import { CommandError } from "../../infra/exec/run.js";
import type { Verdict } from "../plan/judge.js";
import { otherColour, type Colour } from "../plan/types.js";
import type { BackupJob, BackupSite, Target } from "../targets/target.js";
import { BackupRunbookError } from "./errors.js";
import { recoverAndCopy } from "./pitrRun.js";
import type { DumpPlan, RestorePlan } from "./restorePlan.js";
import { jobAnswer, restoreResultSchema, type CopyResult, type RestoreResult, type SwitchResult } from "./schemas.js";

/** How long the backup job's restore (a whole dump, compared table by table) may take, ms. */
const RESTORE_MS = 60 * 60_000;
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
 * throwaway server and its database is copied in). Then a rolling restart, the idle colour first,
 * drops every pool's connections to the old database. A dump restores through the target's backup
 * job (any target); a point-in-time recovery needs the Docker site (`site`, asked for then only).
 */
export async function executeRestore(
  job: BackupJob,
  site: () => Promise<BackupSite>,
  stack: string,
  target: Target,
  plan: RestorePlan,
): Promise<RestoreOutcome> {
  const restore = plan.kind === "dump" ? await restoreDump(job, plan) : await recoverAndCopy(await site(), stack, plan);
  const switched = restore.switched;
  if (switched === undefined)
    throw new BackupRunbookError(
      "RESTORE_FAILED",
      `the backup job (${job.describe(["restore"])}) did not switch ${plan.database} in (an image older than \`--switch\`?); update the stack's backup image (\`npm start\` / \`pulumi up\`) and \`ops backup\` again`,
    );
  const active = (await target.observe()).declared.activeColour;
  const restarted = [];
  for (const colour of [otherColour(active), active]) restarted.push(...(await target.restartColour(colour)));
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
async function restoreDump(job: BackupJob, plan: DumpPlan): Promise<RestoreResult> {
  const args = ["restore", plan.dump, plan.database, "--switch"];
  let answer: string;
  try {
    answer = await step(job.describe(args), () => job.ask(args, RESTORE_MS));
  } catch (err) {
    const why = err instanceof CommandError ? err.stderrTail || err.message : (err as Error).message;
    throw new BackupRunbookError("RESTORE_FAILED", `restore failed; the live database was not switched: ${why}`);
  }
  return jobAnswer(restoreResultSchema, answer, "restore");
}

/** Healthy to Docker is not yet in rotation at the proxy: small bursts until one passes, then the real one. */
async function verifiedThroughProxy(target: Target, colour: Colour): Promise<Verdict> {
  const deadline = Date.now() + PROXY_REJOIN_MS;
  while (!(await target.verify(colour, undefined, 2)).ok && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 500));
  return target.verify(colour, undefined, 10);
}
