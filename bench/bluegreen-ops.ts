import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface OpsRun {
  code: number;
  /** The --json result (ok true or false). */
  json: { ok: boolean; [key: string]: unknown };
  stderr: string;
  startedAt: number;
  endedAt: number;
  pid: number;
}

const OPS = fileURLToPath(new URL("../runbooks/ops.ts", import.meta.url));

export interface OpsOptions {
  /** Kills the child when aborted (a timed-out test must not leave a runbook holding the lock). */
  signal?: AbortSignal;
  onSpawn?: (pid: number) => void;
}

/** Runs `ops <args> --json` as a child process, as an operator would; resolves when it exits. */
export function runOps(args: string[], opts: OpsOptions = {}): Promise<OpsRun> {
  const startedAt = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", OPS, ...args, "--json"], {
    stdio: ["ignore", "pipe", "pipe"],
    signal: opts.signal,
  });
  opts.onSpawn?.(child.pid ?? 0);
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", (err) => reject(err));
    child.on("close", (code) => {
      try {
        resolve({
          code: code ?? 1,
          json: JSON.parse(out),
          stderr: err,
          startedAt,
          endedAt: Date.now(),
          pid: child.pid ?? 0,
        });
      } catch {
        reject(new Error(`ops ${args.join(" ")} exited ${code} without a JSON result:\n${out}\n${err}`));
      }
    });
  });
}
