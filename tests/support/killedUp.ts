import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../infra/exec/run.js";
import type { TestProject } from "./pulumiStack.js";

/**
 * `pulumi up` of a test project as an operator's terminal runs it (the engine's CLI, the project's
 * backend, passphrase and images, the policy pack), killed with SIGKILL together with every process
 * below it (language host, providers, policy analyzer) as soon as the first container of the project
 * exists: the update dies mid-flight, leaving its lock and its pending operations behind.
 */
export interface KilledUp {
  /** The container whose appearance triggered the kill. */
  firstContainer: string;
  /** Pids killed: the CLI first, then its descendants. */
  killed: number[];
  /** What the CLI printed before it died. */
  output: string;
}

export async function killUpAtFirstContainer(project: TestProject, timeoutMs = 240_000): Promise<KilledUp> {
  const argv = [
    "up",
    "--yes",
    "--skip-preview",
    "--non-interactive",
    "--stack",
    project.stackName,
    "--policy-pack",
    join(project.dir, "infra", "policy"),
  ];
  const cli = spawn("pulumi", argv, { cwd: project.dir, env: project.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  cli.stdout.on("data", (d: Buffer) => (output += d.toString()));
  cli.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => cli.on("exit", () => resolve()));
  const deadline = Date.now() + timeoutMs;
  let first: string | undefined;
  while (first === undefined) {
    if (cli.exitCode !== null)
      throw new Error(
        `pulumi up ended (${cli.exitCode}) before any container of ${project.model.project} existed:\n${output}`,
      );
    if (Date.now() > deadline) throw new Error(`no container of ${project.model.project} after ${timeoutMs} ms`);
    first = (await containersOf(project.model.project))[0];
    if (first === undefined) await new Promise((r) => setTimeout(r, 100));
  }
  const killed = [cli.pid!, ...descendants(cli.pid!)];
  for (const pid of killed) killQuietly(pid);
  await exited; // reaped: the lock's pid is now dead on this host
  return { firstContainer: first, killed, output };
}

/** Names of the project's containers, created or running. */
export async function containersOf(project: string): Promise<string[]> {
  const names = await run(["docker", "ps", "-a", "--filter", `name=^${project}-`, "--format", "{{.Names}}"]);
  return names.split("\n").filter(Boolean).sort();
}

/** Every process below `root`, from the parent pids in /proc (plugins may run in process groups of their own). */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const below = (pid: number): number[] =>
    [...parents].filter(([, ppid]) => ppid === pid).flatMap(([child]) => [child, ...below(child)]);
  return below(root);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}
