import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../exec/run.js";
import { requirePulumiCli } from "./cli.js";
import { StackLockedError, UpdateInterruptedError } from "./errors.js";
import { assess, describeLock, pendingOperations, type Interruption } from "./interrupted.js";
import { exportedState, foundObjects, pulumiCli, stackLocks } from "./interruptedIo.js";
import { recoveryPlan, settleCommands, settledState, type RecoveryPlan } from "./recoveryPlan.js";
import { liveDeps, openStack, workspaceArgs, type AutomationDeps, type StackOptions } from "./workspace.js";

export interface RecoverOptions extends StackOptions {
  /** One line per step taken (stderr of a runbook). Default: discard. */
  onOutput?: (line: string) => void;
}

interface Inspected {
  interruption: Interruption;
  exported: string;
  cli: (argv: string[]) => Promise<string>;
}

/** Reads the locks and the exported state of a stack already opened (so the CLI and passphrase were checked). */
async function inspect(options: StackOptions, deps: AutomationDeps): Promise<Inspected> {
  const args = workspaceArgs(options);
  const cli = pulumiCli(requirePulumiCli(deps.which, options.env ?? process.env), args);
  const locks = stackLocks(args);
  const exported = await exportedState(cli, options.stack);
  return { interruption: assess(options.stack, locks, pendingOperations(exported)), exported, cli };
}

/** Before an update of an opened stack: a live holder is StackLockedError, a dead one or pending work UpdateInterruptedError. */
export async function refuseInterrupted(options: StackOptions, deps: AutomationDeps = liveDeps): Promise<void> {
  const { interruption } = await inspect(options, deps);
  if (interruption.kind === "locked") throw new StackLockedError(options.stack, interruption.locks.map(describeLock));
  if (interruption.kind === "interrupted")
    throw new UpdateInterruptedError(options.stack, interruption.locks, interruption.pending);
}

/**
 * Settles what an interrupted update left (see recoveryPlan.ts for each decision) and returns what was
 * done; a stack with nothing to settle is left alone. Refuses with StackLockedError while any lock's
 * holder may be alive: only a dead process's lock is ever removed.
 */
export async function recover(options: RecoverOptions, deps: AutomationDeps = liveDeps): Promise<RecoveryPlan> {
  await openStack(options, deps);
  return settleInterrupted(options, deps);
}

/** recover() of a stack already opened (by up). */
export async function settleInterrupted(options: RecoverOptions, deps: AutomationDeps): Promise<RecoveryPlan> {
  const { interruption, exported, cli } = await inspect(options, deps);
  const say = options.onOutput ?? (() => undefined);
  if (interruption.kind === "locked") throw new StackLockedError(options.stack, interruption.locks.map(describeLock));
  if (interruption.kind === "none") return recoveryPlan(options.stack, [], [], {});
  const plan = recoveryPlan(
    options.stack,
    interruption.locks,
    interruption.pending,
    await foundObjects(interruption.pending),
  );
  for (const file of plan.removeLocks) rmSync(file, { force: true });
  for (const { urn, argv } of plan.discard) {
    say(`recover ${options.stack}: removing half-made ${urn}\n`);
    await run(argv);
  }
  if (interruption.pending.length > 0) await settle(plan, exported, cli, say);
  return plan;
}

async function settle(
  plan: RecoveryPlan,
  exported: string,
  cli: (argv: string[]) => Promise<string>,
  say: (line: string) => void,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "verifier-recover-"));
  try {
    const file = join(dir, "state.json");
    writeFileSync(file, JSON.stringify(settledState(JSON.parse(exported), plan)), { mode: 0o600 });
    say(
      `recover ${plan.stack}: adopting ${plan.adopt.length}, dropping ${plan.drop.length + plan.discard.length} pending create(s), refreshing\n`,
    );
    for (const argv of settleCommands(plan.stack, file)) say(await cli(argv));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
