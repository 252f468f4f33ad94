import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type { WorkerCommand } from "./workerCommand.js";
import { LineSplitter, parseFrame } from "./workerFrames.js";
import type { ParentMessage, WorkerFrame } from "./worker/messages.js";

/**
 * The single I/O seam to a worker process: start it, talk to it, kill it.
 * Everything above (pool, job runner) works against this interface, so its
 * tests can hand in a fake without starting processes.
 */
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Last lines the worker wrote to stderr (diagnostics only, never shown to clients). */
  stderrTail: string;
}

export interface WorkerHandle {
  readonly pid: number;
  send(message: ParentMessage): void;
  /** SIGKILL: a worker is never asked to stop, it is stopped. */
  kill(): void;
  /** Returns the function that removes the listener again. */
  onFrame(listener: (frame: WorkerFrame) => void): () => void;
  readonly exited: Promise<WorkerExit>;
}

const STDERR_TAIL_BYTES = 4096;

/**
 * `input`, when given, is written to the worker's stdin (raw bytes, then EOF) by the event
 * loop in the background: unlike an IPC message it is never serialised or copied in one go,
 * so a 30 MiB snapshot does not stall the service while a worker boots.
 */
export function startWorkerProcess(command: WorkerCommand, input?: Uint8Array): WorkerHandle {
  const child = spawn(command.file, command.args, { env: command.env, stdio: command.stdio, serialization: "advanced" });
  // A worker that dies before reading all of it makes the write fail with EPIPE: its exit is reported below.
  child.stdin?.on("error", () => undefined);
  // Without input, stdin (if piped) is closed at once: a worker waiting for a snapshot fails fast instead of hanging.
  child.stdin?.end(input);
  const listeners = new Set<(frame: WorkerFrame) => void>();
  let stderrTail = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
  });
  const splitter = new LineSplitter((line) => deliver(line, listeners, () => child.kill("SIGKILL")));
  (child.stdio[3] as Readable).on("data", (chunk: Buffer) => splitter.push(chunk));
  // "close" comes after the exit and after the last stderr bytes; "error" alone when spawning failed.
  const exited = new Promise<WorkerExit>((resolve) => {
    child.once("close", (code, signal) => resolve({ code, signal, stderrTail }));
    child.once("error", (error) => resolve({ code: null, signal: null, stderrTail: `${stderrTail}${error.message}` }));
  });
  return {
    pid: child.pid ?? -1,
    send: (message) => void (child.connected && child.send(message, () => undefined)),
    kill: () => void child.kill("SIGKILL"),
    onFrame: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exited,
  };
}

/** A frame that does not parse means the worker is not the code we started: it is killed. */
function deliver(line: string, listeners: ReadonlySet<(frame: WorkerFrame) => void>, kill: () => void): void {
  let frame: WorkerFrame;
  try {
    frame = parseFrame(line);
  } catch {
    kill();
    return;
  }
  for (const listener of [...listeners]) listener(frame);
}
