/**
 * The wire contract between the sandbox service and its worker processes.
 * Types only: the worker validates nothing it receives from its own parent,
 * and the parent validates every frame it reads (see ../workerFrames.ts).
 */

export type Language = "python" | "javascript";

/** What a worker is started as: a job runner for one language, or the Pyodide snapshot maker. */
export type WorkerMode = Language | "snapshot";

/** Final states of a job; the first three are limits and retire the worker. */
export type JobStatus = "ok" | "error" | "timeout" | "memory" | "output_limit";

/** Absolute paths the worker loads its runtime from (it may read nothing else). */
export interface RuntimePaths {
  /** Directory holding pyodide.mjs, pyodide.asm.wasm and python_stdlib.zip. */
  pyodideDir: string;
  /** Entry module of quickjs-emscripten-core. */
  quickjsCoreEntry: string;
  /** Entry module of @jitl/quickjs-wasmfile-release-sync (the WASM variant). */
  quickjsVariantEntry: string;
  /** The variant's WebAssembly binary, compiled once per worker before lockdown. */
  quickjsWasmFile: string;
}

export interface JobLimits {
  /** Wall-clock budget of the job, milliseconds. */
  wall_ms: number;
  /** Memory the job's own allocations may take, MiB. */
  memory_mib: number;
  /** Captured output cap, bytes of UTF-8. */
  output_bytes: number;
  /** Captured output cap, lines. */
  output_lines: number;
}

/** Parent -> worker, one JSON object a line on JOB_FD (a Python worker's snapshot comes on stdin, see channel.ts). */
export type ParentMessage = { type: "job"; id: string; code: string; dataJson: string; limits: JobLimits };

/**
 * Why a worker asks to be retired with a job's result: the job reached outside its Python instance
 * (an import the gate does not allow, or state the reset cannot put back), or the runtime's
 * host side failed during it (its state unknown).
 */
export type RetireReason = "outside_instance" | "runtime_failed";

export interface JobOutcome {
  status: JobStatus;
  /** JSON text of the result value ("null" when there is none). */
  resultJson: string;
  stdout: string;
  error?: string;
  /** Set when the worker must take no other job. */
  retire?: RetireReason;
}

/** Worker -> parent, one JSON object a line on fd 3 (written synchronously). */
export type WorkerFrame =
  | { type: "ready"; mode: WorkerMode }
  | ({ type: "result"; id: string } & JobOutcome)
  | { type: "snapshot"; base64: string }
  | { type: "fatal"; error: string };

/** File descriptor of the worker -> parent frame pipe. */
export const FRAME_FD = 3;
/**
 * File descriptor of the parent -> worker job pipe. The parent only writes it: a worker that
 * writes on it is killed (Node's own IPC channel is not used; its deserialiser trusts the child).
 */
export const JOB_FD = 4;
