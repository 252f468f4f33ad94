import { SnapshotError } from "./errors.js";
import type { StartedWorker } from "./pool.js";
import type { ResolvedRuntimes } from "./runtimePaths.js";
import type { Language, WorkerMode } from "./worker/messages.js";
import { awaitFrame } from "./workerBoot.js";
import type { WorkerCode } from "./workerBuild.js";
import { planWorkerCommand } from "./workerCommand.js";
import { startWorkerProcess, type WorkerHandle } from "./workerProcess.js";

/**
 * Fresh state per job, decided per language:
 *
 * - Python workers are single-use. Pyodide keeps one interpreter in one WASM
 *   memory, and Python can corrupt that memory at will (ctypes ships with
 *   it) and can reach JavaScript objects through Pyodide's FFI, so no reset
 *   inside the process can be verified. The pool instead keeps workers
 *   pre-warmed from a memory snapshot and SIGKILLs each one after its job;
 *   the OS reclaims everything the job touched.
 * - JavaScript workers are reused (up to MAX_JOBS_PER_JS_WORKER jobs) with a
 *   verified reset: each job gets a brand-new QuickJS WebAssembly instance
 *   (new linear memory, runtime and context), and the guest holds no reference
 *   to anything outside that instance except one host function that appends
 *   text to the current job's capture. Any limit hit still kills the worker.
 *
 * Measured on the 2-core dev host (loaded): booting a Python worker from the
 * snapshot, warm-up included, costs about 0.6 s of CPU (1–1.3 s before its WebAssembly was held to
 * V8's baseline compiler: see PYTHON_TIERING in workerCommand.ts); a fresh QuickJS
 * instance about 1.5 ms, made between jobs (see worker/javascriptRuntime.ts).
 * The snapshot reaches a Python worker on its stdin (see workerProcess.ts).
 */
export const REUSABLE: Record<Language, boolean> = { python: false, javascript: true };
export const MAX_JOBS_PER_JS_WORKER = 200;

export interface WorkerFactoryInput {
  code: WorkerCode;
  runtimes: ResolvedRuntimes;
  /** V8 old-space bound of each worker, MiB. */
  heapMib: number;
}

function spawn(input: WorkerFactoryInput, mode: WorkerMode, stdin?: Uint8Array): WorkerHandle {
  return startWorkerProcess(
    planWorkerCommand({
      nodePath: process.execPath,
      mode,
      entry: input.code.entry,
      readableDirs: [input.code.dir, ...input.code.manifests, ...input.runtimes.readableDirs],
      runtimes: input.runtimes,
      heapMib: input.heapMib,
    }),
    stdin,
  );
}

export function workerStarter(
  input: WorkerFactoryInput,
  language: Language,
  snapshot?: Uint8Array,
): () => StartedWorker {
  return () => {
    const worker = spawn(input, language, snapshot);
    return { worker, ready: awaitFrame(worker, "ready").then(() => undefined) };
  };
}

/** Boots one interpreter fully, imports the common stdlib and returns its memory image. */
export async function makeSnapshot(input: WorkerFactoryInput): Promise<Uint8Array> {
  const worker = spawn(input, "snapshot");
  try {
    const frame = await awaitFrame(worker, "snapshot");
    return new Uint8Array(Buffer.from(frame.base64, "base64"));
  } catch (error) {
    throw new SnapshotError(error instanceof Error ? error.message : String(error));
  } finally {
    worker.kill();
  }
}
