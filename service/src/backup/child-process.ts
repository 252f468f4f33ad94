import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { BackupError, type BackupErrorCode, isDiskFull } from "./errors.js";
import type { ToolCommand } from "./pg-commands.js";

/** Enough of stderr to hold the tool's last messages; older output is dropped. */
const STDERR_TAIL_CHARS = 4096;
/** stdout is only read for short answers such as --version. */
const STDOUT_MAX_CHARS = 65_536;

export interface ToolRun {
  /** Code thrown when the tool exits non-zero (disk-full output always maps to BACKUP_DISK_FULL). */
  failureCode: BackupErrorCode;
  signal?: AbortSignal;
}

/**
 * Runs a tool to completion and returns its stdout. Aborting sends SIGTERM and rejects with
 * BACKUP_ABORTED once the child has exited, so the caller's cleanup never races it.
 */
export function runTool(command: ToolCommand, run: ToolRun): Promise<string> {
  // Only PATH is inherited: the job's own environment (which may hold the password) stays put.
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...command.env };
  const child = spawn(command.bin, command.args, {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    signal: run.signal,
    killSignal: "SIGTERM",
  });
  const output = collect(child);
  return new Promise((resolve, reject) => {
    child.on("error", (error) => {
      if (!run.signal?.aborted) reject(spawnError(command, error));
    });
    child.on("close", (code, signal) => {
      if (run.signal?.aborted)
        reject(new BackupError("BACKUP_ABORTED", `${command.bin} stopped: the run was aborted (shutdown)`));
      else if (code === 0) resolve(output.stdout);
      else reject(exitError(command, run.failureCode, code ?? signal ?? "unknown", output.stderr));
    });
  });
}

function collect(child: ChildProcessByStdio<null, Readable, Readable>): { stdout: string; stderr: string } {
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => {
    output.stdout = (output.stdout + chunk.toString()).slice(0, STDOUT_MAX_CHARS);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output.stderr = (output.stderr + chunk.toString()).slice(-STDERR_TAIL_CHARS);
  });
  return output;
}

function spawnError(command: ToolCommand, error: NodeJS.ErrnoException): BackupError {
  if (error.code === "ENOENT") {
    return new BackupError(
      "BACKUP_TOOL_MISSING",
      `${command.bin} not found: install postgresql-client (the server's major version or newer) or set PG_DUMP_BIN / PG_RESTORE_BIN`,
    );
  }
  return new BackupError("BACKUP_TOOL_MISSING", `could not start ${command.bin}: ${error.message}`, { cause: error });
}

function exitError(
  command: ToolCommand,
  failureCode: BackupErrorCode,
  status: number | string,
  stderr: string,
): BackupError {
  const lastLine = stderr.trim().split("\n").filter(Boolean).at(-1) ?? "no error output";
  const code = isDiskFull(new Error(stderr)) ? "BACKUP_DISK_FULL" : failureCode;
  return new BackupError(code, `${command.bin} exited with ${status}: ${lastLine}`);
}

/**
 * `producer | consumer`, both to completion: resolves when both exit 0, rejects with the first
 * failure (the other is stopped). Neither's stdout is kept; both stderr tails are.
 */
export function runPipe(producer: ToolCommand, consumer: ToolCommand, run: ToolRun): Promise<void> {
  const spawnOne = (command: ToolCommand, stdin: "ignore" | "pipe") =>
    spawn(command.bin, command.args, {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...command.env },
      stdio: [stdin, "pipe", "pipe"],
      signal: run.signal,
      killSignal: "SIGTERM",
    });
  const from = spawnOne(producer, "ignore");
  const to = spawnOne(consumer, "pipe");
  from.stdout!.pipe(to.stdin!);
  to.stdin!.on("error", () => undefined); // a consumer that died first is reported by its own exit
  to.stdout!.resume();
  const ended = (child: typeof from, command: ToolCommand, other: typeof from) => {
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL_CHARS);
    });
    return new Promise<void>((resolve, reject) => {
      child.on("error", (error) => {
        other.kill("SIGTERM");
        if (!run.signal?.aborted) reject(spawnError(command, error));
      });
      child.on("close", (code, signal) => {
        if (run.signal?.aborted)
          return reject(new BackupError("BACKUP_ABORTED", `${command.bin} stopped: the run was aborted (shutdown)`));
        if (code === 0) return resolve();
        other.kill("SIGTERM");
        reject(exitError(command, run.failureCode, code ?? signal ?? "unknown", stderr));
      });
    });
  };
  return Promise.all([ended(from, producer, to), ended(to, consumer, from)]).then(() => undefined);
}
