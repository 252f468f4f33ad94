import type { StartedWorker } from "../pool.js";
import type { JobStatus, ParentMessage, WorkerFrame } from "../worker/messages.js";
import type { WorkerExit, WorkerHandle } from "../workerProcess.js";

/** How a fake worker answers a job: a status, or never. */
export type FakeAnswer = JobStatus | "hang";

/**
 * A WorkerHandle without a process, for pool tests: the single I/O seam the
 * pool talks through. It records how many fakes are alive at once.
 */
export class FakeWorkers {
  alive = 0;
  maxAlive = 0;
  started = 0;
  readonly handles: WorkerHandle[] = [];

  constructor(
    private readonly answer: (code: string) => FakeAnswer,
    private readonly bootFails: () => boolean = () => false,
  ) {}

  start = (): StartedWorker => {
    this.started += 1;
    this.alive += 1;
    this.maxAlive = Math.max(this.maxAlive, this.alive);
    const listeners = new Set<(frame: WorkerFrame) => void>();
    let exit!: (value: WorkerExit) => void;
    const exited = new Promise<WorkerExit>((resolve) => (exit = resolve));
    let dead = false;
    const handle: WorkerHandle = {
      pid: this.started,
      send: (message: ParentMessage) => {
        if (message.type !== "job" || dead) return;
        const status = this.answer(message.code);
        if (status === "hang") return;
        const frame: WorkerFrame = {
          type: "result",
          id: message.id,
          status,
          resultJson: JSON.stringify(message.code),
          stdout: "",
        };
        queueMicrotask(() => {
          for (const l of listeners) l(frame);
        });
      },
      kill: () => {
        if (dead) return;
        dead = true;
        this.alive -= 1;
        setImmediate(() => exit({ code: null, signal: "SIGKILL", stderrTail: "" }));
      },
      onFrame: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
      exited,
    };
    this.handles.push(handle);
    const fails = this.bootFails();
    if (fails) handle.kill();
    return { worker: handle, ready: fails ? Promise.reject(new Error("boot failed")) : Promise.resolve() };
  };
}

export const job = (code: string, wall_ms = 1000) => ({
  id: `job-${code}-${Math.random()}`,
  code,
  dataJson: "null",
  limits: { wall_ms, memory_mib: 64, output_bytes: 1000, output_lines: 10 },
});
