import { SnapshotError } from "./errors.js";
import type { StartedWorker } from "./pool.js";
import type { ResolvedRuntimes } from "./runtimePaths.js";
import type { Language, WorkerMode } from "./worker/messages.js";
import { awaitFrame } from "./workerBoot.js";
import type { WorkerCode } from "./workerBuild.js";
import { planWorkerCommand } from "./workerCommand.js";
import { startWorkerProcess, type WorkerHandle } from "./workerProcess.js";

/**
 * Fresh state per job, decided per language; both kinds of worker are reused, and any limit hit,
 * crash or host-side failure still kills the worker:
 *
 * - Python workers are put back to a sealed state after each job (worker/pythonReset.ts):
 *   Pyodide's linear memory, stack pointer and JS reference tables are written back from a copy
 *   taken once the worker had booted from the memory snapshot and warmed up, before any job. Python
 *   can corrupt its memory at will (ctypes ships with it), so nothing inside the instance is
 *   trusted; what is outside it, the JavaScript realm, it changes only through Pyodide's imports,
 *   and the import gate (worker/importGate.ts) allows a job only the few that change nothing a later
 *   job can read. A job that calls any other import, or leaves memory or a table grown, a file
 *   descriptor opened or the folder changed, retires its worker: a fresh process replaces it.
 * - JavaScript workers give each job a brand-new QuickJS WebAssembly instance (new linear memory,
 *   runtime and context), and the guest holds no reference to anything outside that instance except
 *   one host function that appends text to the current job's capture.
 *
 * Every worker is retired after its MAX_JOBS_PER_WORKER jobs anyway, so that slow drift the resets
 * do not see (a V8 heap that only grows, say) has a bound. A Python boot costs about as much CPU as
 * 150 reset jobs, so at 500 the boots add well under a third to a steady stream of small jobs.
 *
 * Measured on the 2-core dev host: booting a Python worker from the snapshot, warm-up included,
 * costs about 0.6 s of CPU (see PYTHON_TIERING in workerCommand.ts); its reset about 3 ms (a copy
 * of some 30 MiB of memory); a fresh QuickJS instance about 1.5 ms, made between jobs (see
 * worker/javascriptRuntime.ts). The snapshot reaches a Python worker on its stdin (see
 * workerProcess.ts).
 */
export const MAX_JOBS_PER_WORKER: Record<Language, number> = { python: 500, javascript: 200 };

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
