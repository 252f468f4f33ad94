import type { WorkerFrame } from "./worker/messages.js";
import type { WorkerHandle } from "./workerProcess.js";

/** How long a worker may take from spawn to "ready", ms (Pyodide on a busy 2-core host needs seconds). */
export const BOOT_TIMEOUT_MS = 60_000;

export class WorkerBootError extends Error {
  readonly code = "SANDBOX_WORKER_BOOT_FAILED";
}

/**
 * Waits until a freshly started worker reports `wanted`, and returns that
 * frame. A worker that reports a fatal error, exits, or stays silent past the
 * boot timeout is killed and the promise rejects with what it said.
 */
export function awaitFrame<T extends WorkerFrame["type"]>(
  worker: WorkerHandle,
  wanted: T,
  timeoutMs: number = BOOT_TIMEOUT_MS,
): Promise<Extract<WorkerFrame, { type: T }>> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      cleanup();
      worker.kill();
      reject(new WorkerBootError(`sandbox worker ${worker.pid} did not start: ${why}`));
    };
    const unsubscribe = worker.onFrame((frame) => {
      if (frame.type === "fatal") return fail(frame.error.split("\n")[0] ?? "fatal error");
      if (frame.type !== wanted) return;
      cleanup();
      resolve(frame as Extract<WorkerFrame, { type: T }>);
    });
    const timer = setTimeout(() => fail(`no "${wanted}" within ${timeoutMs} ms`), timeoutMs);
    void worker.exited.then((exit) =>
      fail(`exited (${exit.signal ?? exit.code}) ${exit.violation ?? exit.stderrTail.slice(-300)}`),
    );
    const cleanup = (): void => {
      settled = true;
      clearTimeout(timer);
      unsubscribe();
    };
  });
}
