import { spawn, type ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";
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
  /** Why the service killed the worker for what it wrote on a channel, if it did (diagnostics). */
  violation?: string;
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
 * loop in the background: never serialised or copied in one go, so a 30 MiB snapshot does not
 * stall the service while a worker boots. Nothing a worker writes can hurt the service: frames
 * are length-bounded lines parsed against a schema, the job pipe is write-only (a byte from the
 * worker on it is a violation), and every stream error ends that worker only.
 */
export function startWorkerProcess(command: WorkerCommand, input?: Uint8Array): WorkerHandle {
  const child = spawn(command.file, command.args, { env: command.env, stdio: command.stdio });
  const [stdin, , stderr, frames, jobs] = child.stdio as [
    Writable | null,
    null,
    Readable,
    Readable,
    Writable & Readable,
  ];
  let violation: string | undefined;
  const killFor = (why: string): void => {
    if (running(child)) violation ??= why;
    child.kill("SIGKILL");
  };
  // A worker that dies before reading all of its input makes the write fail with EPIPE: its exit is reported below.
  stdin?.on("error", () => undefined);
  // Without input, stdin (if piped) is closed at once: a worker waiting for a snapshot fails fast instead of hanging.
  stdin?.end(input);
  let stderrTail = "";
  stderr.on("data", (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
  });
  const listeners = new Set<(frame: WorkerFrame) => void>();
  const splitter = new LineSplitter(
    command.maxFrameBytes,
    (line) => deliver(line, listeners, killFor),
    (error) => killFor(error.message),
  );
  frames.on("data", (chunk: Buffer) => splitter.push(chunk));
  jobs.on("data", () => killFor("wrote on its job pipe, which only the service writes"));
  for (const [name, stream] of [
    ["stderr", stderr],
    ["frame pipe", frames],
    ["job pipe", jobs],
  ] as const) {
    stream.on("error", (error: Error) => killFor(`${name} failed: ${error.message}`));
  }
  // "close" comes after the exit and after the last stderr bytes; "error" alone when spawning failed.
  const exited = new Promise<WorkerExit>((resolve) => {
    child.once("close", (code, signal) => resolve({ code, signal, stderrTail, ...(violation ? { violation } : {}) }));
    child.on("error", (error) => resolve({ code: null, signal: null, stderrTail: `${stderrTail}${error.message}` }));
  });
  return {
    pid: child.pid ?? -1,
    send: (message) => void (jobs.writable && jobs.write(`${JSON.stringify(message)}\n`)),
    kill: () => void child.kill("SIGKILL"),
    onFrame: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exited,
  };
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** A frame that does not parse means the worker is not the code we started: it is killed. */
function deliver(
  line: string,
  listeners: ReadonlySet<(frame: WorkerFrame) => void>,
  killFor: (why: string) => void,
): void {
  let frame: WorkerFrame;
  try {
    frame = parseFrame(line);
  } catch (error) {
    killFor(`wrote a malformed frame: ${(error instanceof Error ? error.message : String(error)).slice(0, 200)}`);
    return;
  }
  for (const listener of [...listeners]) listener(frame);
}
