import { $, type ProcessOutput, type ProcessPromise } from "zx";

/** A command that failed: which argv, the exit code, and the tail of what it printed. */
export class CommandError extends Error {
  readonly code = "COMMAND_FAILED";
  constructor(
    readonly argv: string[],
    readonly exitCode: number | null,
    readonly stderrTail: string,
  ) {
    super(`\`${argv.join(" ")}\` exited with ${exitCode ?? "a signal"}${stderrTail ? `: ${stderrTail}` : ""}`);
    this.name = "CommandError";
  }
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Bytes written to the command's stdin. */
  input?: string | Buffer;
  /** Kill the command after this many ms. Default: no limit. */
  timeoutMs?: number;
  /** Stream the command's stderr to ours (long steps a person watches). Default false. */
  inheritStderr?: boolean;
}

/**
 * Every external command of the runbooks and the local environment goes through zx's `$` here: zx
 * quotes each argv element as one word (no expansion), feeds stdin, kills at the time limit (SIGKILL),
 * and never throws by itself (`nothrow`): the exit code is judged below, into one error type.
 */
function shell(opts: RunOptions, stdin: "pipe" | "ignore" = "pipe") {
  return $({
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    ...(stdin === "pipe" ? { input: opts.input ?? "" } : {}),
    ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs, timeoutSignal: "SIGKILL" as const } : {}),
    stdio: [stdin, "pipe", opts.inheritStderr ? "inherit" : "pipe"],
    nothrow: true,
    quiet: true,
    verbose: false,
  });
}

/** Runs argv (each element one word) and resolves with stdout; rejects with CommandError on a non-zero exit. */
export async function run(argv: string[], opts: RunOptions = {}): Promise<string> {
  if (argv.length === 0) throw new Error("run: empty argv");
  const out = await shell(opts)`${argv}`;
  if (out.exitCode === 0) return out.stdout;
  throw failure(argv, out);
}

/** Like run, but answers false instead of throwing when the command fails or is missing. */
export async function succeeds(argv: string[], opts: RunOptions = {}): Promise<boolean> {
  try {
    await run(argv, opts);
    return true;
  } catch {
    return false;
  }
}

/** Pipes `from`'s stdout into `to`'s stdin (e.g. tar | docker import) without buffering in memory. */
export async function pipe(from: string[], to: string[]): Promise<string> {
  if (from.length === 0 || to.length === 0) throw new Error("pipe: empty argv");
  const producer: ProcessPromise = shell({}, "ignore")`${from}`;
  const consumer: ProcessPromise = producer.pipe(shell({})`${to}`);
  const [p, c] = await Promise.all([producer, consumer]);
  if (p.exitCode === 0 && c.exitCode === 0) return c.stdout;
  const failed = p.exitCode === 0 ? c : p;
  throw new CommandError([...from, "|", ...to], failed.exitCode, [p.stderr, c.stderr].join("").trim().slice(-4000));
}

function failure(argv: string[], out: ProcessOutput): CommandError {
  return new CommandError(argv, out.exitCode, tail(out.stderr, out.stdout));
}

/** The last lines a failed command printed: stderr, plus stdout for tools (tsc) that report there. */
function tail(stderr: string, stdout: string): string {
  const lines = (s: string) => s.split("\n").filter((l) => l.trim() && !/^npm warn/.test(l));
  return [...lines(stderr.slice(-4000)), ...lines(stdout)].slice(-6).join(" | ");
}
