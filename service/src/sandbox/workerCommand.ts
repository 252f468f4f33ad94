import type { RuntimePaths, WorkerMode } from "./worker/messages.js";
import { MAX_JOB_FRAME_BYTES, MAX_SNAPSHOT_FRAME_BYTES } from "./workerFrames.js";

/**
 * The exact command a worker process is started with, as plain data. The
 * flags are the worker's outer walls: the permission model (read only the
 * runtime and worker folders; no writes, child processes, worker threads,
 * native addons or WASI), no eval or `new Function`, no `__proto__`
 * accessor, a bounded JS heap, and an empty environment. `--expose-gc` lets
 * the worker collect its boot garbage before it reports ready (entry.ts takes
 * `gc` and lockdown.ts removes it from the global scope before any job).
 */
export interface WorkerCommandInput {
  nodePath: string;
  mode: WorkerMode;
  entry: string;
  readableDirs: readonly string[];
  runtimes: RuntimePaths;
  /** V8 old-space bound of the worker, MiB. */
  heapMib: number;
}

export interface WorkerCommand {
  file: string;
  args: string[];
  env: Record<string, never>;
  /**
   * stdin piped for Python (the memory snapshot arrives on it, raw bytes then EOF), ignored
   * otherwise; stdout ignored, stderr piped (diagnostics), fd 3 frames (worker -> service),
   * fd 4 jobs (service -> worker). Plain pipes, no Node IPC channel: the service parses every
   * byte a worker sends itself, bounded (see workerProcess.ts).
   */
  stdio: ["pipe" | "ignore", "ignore", "pipe", "pipe", "pipe"];
  /** Longest frame the worker may write, bytes; a longer one gets it killed. */
  maxFrameBytes: number;
}

/**
 * V8 stack of a JavaScript worker, KiB (Node's default is 984). QuickJS's C recursion runs on it,
 * and QuickJS must reach its own stack bound (worker/javascript.ts) first. It lives on the main
 * thread's stack, which grows up to the worker's RLIMIT_STACK, inherited from the service (8 MiB
 * by default): a V8 bound past that segfaults, so this keeps over 4 MiB of margin below it.
 */
export const JS_STACK_KIB = 3900;

/**
 * Python workers stay on Liftoff, V8's baseline WebAssembly compiler. Measured when each ran one
 * job and was killed (2-core host, 6–8 boots each): without TurboFan recompiling hot Pyodide
 * functions on background threads during boot and warm-up, a worker's CPU from spawn to ready went
 * from about 1.0 s to 0.6 s (wall 0.70 s to 0.53 s), a small job took the same 2–3 ms, and a loop
 * of 300,000 squares took 88–102 ms against 55–100 ms. Workers now serve up to 500 jobs (see
 * workerFactory.ts), where tier-up could pay for long jobs; boots still follow every job that
 * retires its worker. Not measured again since: kept as it was.
 */
export const PYTHON_TIERING = ["--liftoff-only"] as const;

export function planWorkerCommand(input: WorkerCommandInput): WorkerCommand {
  const reads = input.readableDirs.map((dir) => `--allow-fs-read=${dir}`);
  const stack = input.mode === "javascript" ? [`--stack-size=${JS_STACK_KIB}`] : [];
  const tiering = input.mode === "python" ? PYTHON_TIERING : [];
  const flags = [
    "--experimental-permission",
    ...reads,
    "--disallow-code-generation-from-strings",
    "--disable-proto=delete",
    `--max-old-space-size=${input.heapMib}`,
    ...stack,
    ...tiering,
    "--expose-gc",
    "--no-warnings",
  ];
  return {
    file: input.nodePath,
    args: [...flags, input.entry, input.mode, JSON.stringify(input.runtimes)],
    env: {},
    stdio: [input.mode === "python" ? "pipe" : "ignore", "ignore", "pipe", "pipe", "pipe"],
    maxFrameBytes: input.mode === "snapshot" ? MAX_SNAPSHOT_FRAME_BYTES : MAX_JOB_FRAME_BYTES,
  };
}
