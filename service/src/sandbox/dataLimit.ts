import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { SandboxError } from "./errors.js";
import { readDataLimit, readMemory, type ProcessMemory } from "./procMemory.js";

/**
 * A kernel bound on a Python worker's memory, set once it is ready and before
 * its job: RLIMIT_DATA caps the writable private memory the process may
 * commit (V8's heap, WASM memory, ArrayBuffer backing stores, malloc). The RSS
 * watchdog samples, so memory touched between two samples (a 4 GiB
 * ArrayBuffer filled through Pyodide's FFI overshot by 35–70 MiB) is found
 * late; under this bound the allocation itself fails, in the job, as
 * "Array buffer allocation failed" or V8's "out of memory". The limit is the
 * worker's resident anonymous memory at ready plus the job allowance, so
 * its anonymous resident memory cannot grow by more than the allowance
 * (file-backed pages and JIT code, a few MiB, come on top). JavaScript
 * workers get none: their guests reach no host allocator (every guest
 * allocation is inside the instance's capped WASM memory), and a reused
 * worker's finished instances would count against a fixed bound until V8
 * collects them.
 */
export const PRLIMIT_PATH = "/usr/bin/prlimit";
/** New writable memory a worker may always commit after ready, MiB (threads' stacks are committed but barely resident). */
const MIN_HEADROOM_MIB = 64;
/** A job that fails with less than this left below its worker's bound failed for memory, MiB. */
const NEAR_BOUND_MIB = 64;
const MIB = 1024 * 1024;

export class DataLimitError extends SandboxError {
  constructor(pid: number, detail: string) {
    super(
      "SANDBOX_DATA_LIMIT_FAILED",
      `could not bound the memory of sandbox worker ${pid} with ${PRLIMIT_PATH}: ${detail}; the image needs util-linux's prlimit`,
    );
  }
}

export function dataLimitBytes(memory: ProcessMemory, allowanceMib: number): number {
  return Math.max(memory.rssAnonBytes + allowanceMib * MIB, memory.vmDataBytes + MIN_HEADROOM_MIB * MIB);
}

/** Soft and hard limit alike: the worker cannot raise it again. */
export function planPrlimit(pid: number, limitBytes: number): { file: string; args: string[] } {
  return { file: PRLIMIT_PATH, args: ["--pid", String(pid), `--data=${limitBytes}:${limitBytes}`] };
}

export async function limitWorkerData(pid: number, allowanceMib: number): Promise<void> {
  const memory = await readMemory(pid);
  if (!memory) throw new DataLimitError(pid, "its /proc status is unreadable");
  const plan = planPrlimit(pid, dataLimitBytes(memory, allowanceMib));
  await promisify(execFile)(plan.file, plan.args, { env: {}, timeout: 10_000 }).catch((error: unknown) => {
    throw new DataLimitError(pid, error instanceof Error ? error.message : String(error));
  });
}

/** Whether the worker's writable memory is within NEAR_BOUND_MIB of its bound (false when it has none or is gone). */
export async function nearDataLimit(pid: number): Promise<boolean> {
  const limit = await readDataLimit(pid);
  const memory = limit === undefined ? undefined : await readMemory(pid);
  return limit !== undefined && memory !== undefined && limit - memory.vmDataBytes < NEAR_BOUND_MIB * MIB;
}

/** What a worker starter returns (poolTypes.ts's StartedWorker, by shape: no import back into the pool). */
interface Starting {
  worker: { readonly pid: number; kill(): void };
  ready: Promise<void>;
}

/** Starts workers whose `ready` also waits for the bound; a worker that cannot be bounded is killed, never used. */
export function withDataLimit<T extends Starting>(start: () => T, allowanceMib: number): () => T {
  return () => {
    const started = start();
    const { worker } = started;
    const bounded = started.ready.then(() => limitWorkerData(worker.pid, allowanceMib));
    return { ...started, ready: bounded.catch((error: unknown) => (worker.kill(), Promise.reject(error))) };
  };
}
