import { wallTimeExceeded } from "./worker/limitText.js";
import type { JobStatus, RetireReason } from "./worker/messages.js";
import type { WorkerExit } from "./workerProcess.js";

/**
 * Pure mapping from what happened to a job (a frame from its worker, its
 * deadline passing, its worker dying, its memory watchdog firing) to the
 * result the client sees, and whether the worker may take another job.
 */
export interface JobResult {
  status: JobStatus;
  /** The job's value as JSON (null when there is none). */
  result: unknown;
  stdout: string;
  error?: string;
  duration_ms: number;
}

export type JobEvent =
  /** `atMemoryBound`: the worker's writable memory was near its kernel bound when the frame came (see dataLimit.ts). */
  | {
      kind: "frame";
      status: JobStatus;
      resultJson: string;
      stdout: string;
      error?: string;
      atMemoryBound?: boolean;
      retire?: RetireReason;
    }
  | { kind: "deadline"; wallMs: number }
  | { kind: "rss"; limitMib: number }
  | { kind: "exit"; exit: WorkerExit };

const LIMIT_STATUSES: ReadonlySet<JobStatus> = new Set(["timeout", "memory", "output_limit"]);
/** V8's words for an ArrayBuffer the kernel bound refused. */
const REFUSED_ALLOCATION = /Array buffer allocation failed/;

export function toJobResult(event: JobEvent, durationMs: number): JobResult {
  const duration_ms = Math.round(durationMs);
  switch (event.kind) {
    case "frame":
      return frameResult(event, duration_ms);
    case "deadline":
      return { status: "timeout", result: null, stdout: "", error: wallTimeExceeded(event.wallMs), duration_ms };
    case "rss":
      return {
        status: "memory",
        result: null,
        stdout: "",
        error: `the worker grew past ${event.limitMib} MiB of resident memory`,
        duration_ms,
      };
    case "exit":
      return exitResult(event.exit, duration_ms);
  }
}

/** Why a worker takes no other job: a limit, its exit, its own request, or its last job served. */
export type Retirement = "limit" | "exited" | RetireReason | "last_job";

/**
 * A worker takes another job only if the job hit no limit, the worker reported it itself without
 * asking to retire, and `mayContinue` (it has jobs left); otherwise, why not.
 */
export function retirement(mayContinue: boolean, result: JobResult, event: JobEvent): Retirement | undefined {
  if (event.kind === "deadline" || event.kind === "rss" || LIMIT_STATUSES.has(result.status)) return "limit";
  if (event.kind === "exit") return "exited";
  if (event.retire) return event.retire;
  return mayContinue ? undefined : "last_job";
}

/**
 * A job that failed because its worker's memory bound refused an allocation is a memory failure, though the
 * runtime may call it otherwise (Pyodide reports a refused copy as a ConversionError). A job that fakes the
 * words only gets its worker retired.
 */
function frameResult(event: Extract<JobEvent, { kind: "frame" }>, duration_ms: number): JobResult {
  const refused =
    event.status === "error" && (event.atMemoryBound === true || REFUSED_ALLOCATION.test(event.error ?? ""));
  const error = refused ? `the job reached the worker's memory bound: ${event.error ?? ""}` : event.error;
  return {
    status: refused ? "memory" : event.status,
    result: parseResult(event.resultJson),
    stdout: event.stdout,
    ...optionalError(error),
    duration_ms,
  };
}

/** V8 ends the process when its own heap cannot grow ("JavaScript heap out of memory", "Fatal process out of memory"). */
function exitResult(exit: WorkerExit, duration_ms: number): JobResult {
  if (/out of memory|Reached heap limit/i.test(exit.stderrTail)) {
    return {
      status: "memory",
      result: null,
      stdout: "",
      error: "the job exhausted the worker's JavaScript heap",
      duration_ms,
    };
  }
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  return {
    status: "error",
    result: null,
    stdout: "",
    error: `the sandbox worker stopped unexpectedly (${how})`,
    duration_ms,
  };
}

function parseResult(resultJson: string): unknown {
  try {
    return JSON.parse(resultJson);
  } catch {
    return null;
  }
}

function optionalError(error: string | undefined): { error?: string } {
  return error === undefined ? {} : { error };
}
