import { spawn } from "node:child_process";

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

/** Runs argv (no shell) and resolves with stdout; rejects with CommandError on a non-zero exit. */
export function run(argv: string[], opts: RunOptions = {}): Promise<string> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return Promise.reject(new Error("run: empty argv"));
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["pipe", "pipe", opts.inheritStderr ? "inherit" : "pipe"],
      timeout: opts.timeoutMs,
      killSignal: "SIGKILL",
    });
    const out: Buffer[] = [];
    let err = "";
    child.stdout?.on("data", (d: Buffer) => out.push(d));
    child.stderr?.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on("error", (e) => reject(new CommandError(argv, null, e.message)));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString());
      else reject(new CommandError(argv, code, tail(err, Buffer.concat(out).toString())));
    });
    // A command may exit before reading its input (e.g. a failed probe): that is not our error.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(opts.input ?? "");
  });
}

/** The last lines a failed command printed: stderr, plus stdout for tools (tsc) that report there. */
function tail(stderr: string, stdout: string): string {
  const lines = (s: string) => s.split("\n").filter((l) => l.trim() && !/^npm warn/.test(l));
  return [...lines(stderr), ...lines(stdout)].slice(-6).join(" | ");
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
  const [c1, ...a1] = from;
  const [c2, ...a2] = to;
  if (c1 === undefined || c2 === undefined) throw new Error("pipe: empty argv");
  const producer = spawn(c1, a1, { stdio: ["ignore", "pipe", "pipe"] });
  const consumer = spawn(c2, a2, { stdio: ["pipe", "pipe", "pipe"] });
  producer.stdout.pipe(consumer.stdin);
  let out = "";
  let err = "";
  consumer.stdout.on("data", (d: Buffer) => (out += d.toString()));
  for (const s of [producer.stderr, consumer.stderr]) s.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const exit = (c: ReturnType<typeof spawn>) =>
    new Promise<number | null>((res) => {
      c.on("error", () => res(null));
      c.on("close", (code) => res(code));
    });
  const [p, c] = await Promise.all([exit(producer), exit(consumer)]);
  if (p === 0 && c === 0) return out;
  throw new CommandError([...from, "|", ...to], p === 0 ? c : p, err.trim());
}
