import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { COMPONENTS } from "./paths.js";
import type { ClusterState } from "./state.js";

/**
 * Starts a long-running component detached (its own session, so a Ctrl-C of `up` or the end of a test
 * worker leaves it running), stdout and stderr appended to logFile. zx's `$` (infra/exec/run.ts) runs
 * commands to completion and keeps their output in memory; a daemon needs neither, so node's spawn.
 */
export function startDetached(argv: string[], logFile: string): Promise<number> {
  mkdirSync(dirname(logFile), { recursive: true, mode: 0o700 });
  const log = openSync(logFile, "a", 0o600);
  try {
    const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ["ignore", log, log] });
    return new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("spawn", () => {
        child.unref();
        resolve(child.pid!);
      });
    });
  } finally {
    closeSync(log);
  }
}

/** Whether pid is alive and still runs `binary` (a recycled pid, or a zombie, is not ours). */
export function isRunning(pid: number, binary: string): boolean {
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
    return argv0 === binary;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after graceMs; resolves once the process is gone. */
export async function stopProcess(pid: number, binary: string, graceMs = 10_000): Promise<void> {
  if (!isRunning(pid, binary)) return;
  signal(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (isRunning(pid, binary)) {
    if (Date.now() > deadline) signal(pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A signal to a process that may have exited meanwhile (ESRCH is not an error here). */
function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
  }
}

/** The last lines of a component's log, for the error that names it. */
export function logTail(logFile: string, lines = 20): string {
  if (!existsSync(logFile)) return `(no log at ${logFile})`;
  const text = readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines);
  return text.map((l) => `    | ${l}`).join("\n");
}

/** Stops the recorded components in reverse start order (kwok first, etcd last); absent ones are skipped. */
export async function stopComponents(state: ClusterState): Promise<void> {
  for (const component of [...COMPONENTS].reverse()) {
    const pid = state.pids[component];
    if (pid) await stopProcess(pid, join(state.binDir, component));
  }
}
