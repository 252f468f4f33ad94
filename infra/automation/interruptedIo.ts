import { existsSync, readdirSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROJECT } from "../config/load.js";
import { run } from "../exec/run.js";
import {
  parseLockFile,
  pendingOperations,
  type HolderState,
  type Lock,
  type LockFile,
  type PendingOperation,
} from "./interrupted.js";
import { lookupArgv } from "./recoveryPlan.js";
import type { WorkspaceArgs } from "./workspace.js";

/** The CLI as the Automation API runs it: the workspace's variables over the caller's environment. */
export function pulumiCli(cli: string, args: WorkspaceArgs): (argv: string[]) => Promise<string> {
  return (argv) =>
    run([cli, ...argv], { cwd: args.workDir, env: { ...process.env, ...args.envVars }, timeoutMs: 600_000 });
}

/**
 * The stack's lock files in a file backend, each with its holder judged on this host. Other backends
 * (Pulumi Cloud, buckets) keep their locks out of reach: none are reported, and the CLI's own lock
 * error is translated by cliFailure.
 */
export function stackLocks(args: WorkspaceArgs): Lock[] {
  const backend = args.envVars.PULUMI_BACKEND_URL ?? "";
  if (!backend.startsWith("file://")) return [];
  const dir = join(fileURLToPath(backend), ".pulumi", "locks", "organization", PROJECT, args.stackName);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => parseLockFile(join(dir, f), readFileSync(join(dir, f), "utf8")))
    .map((lock) => ({ ...lock, holder: holderState(lock) }));
}

/** Dead only when this host has no such process (or only its unreaped remains): a pid elsewhere cannot be checked. */
export function holderState(lock: LockFile): HolderState {
  if (lock.hostname !== hostname()) return "elsewhere";
  try {
    process.kill(lock.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH" ? "dead" : "alive"; // EPERM: it runs, as another user
  }
  return zombie(lock.pid) ? "dead" : "alive";
}

function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

export async function exportedState(cli: (argv: string[]) => Promise<string>, stack: string): Promise<string> {
  return cli(["stack", "export", "--stack", stack, "--non-interactive"]);
}

export async function stackPending(
  cli: (argv: string[]) => Promise<string>,
  stack: string,
): Promise<PendingOperation[]> {
  return pendingOperations(await exportedState(cli, stack));
}

/** The Docker id of each pending create's object, by URN; objects that do not exist are absent. */
export async function foundObjects(pending: PendingOperation[]): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const op of pending.filter((p) => p.op === "creating")) {
    const argv = lookupArgv(op);
    const id = argv && (await run(argv).then((out) => out.trim(), absent));
    if (id) found[op.urn] = id;
  }
  return found;
}

/** Docker's answer for a missing object; any other failure (no daemon) must stop the recovery, not drop the operation. */
function absent(e: Error): string {
  if (/no such|not found/i.test(e.message)) return "";
  throw e;
}
