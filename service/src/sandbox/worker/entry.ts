import { OutputCapture } from "./capture.js";
import { exitWithParent, exitWorker, onParentMessage, readStdin, sendFrame } from "./channel.js";
import { hardenProcess } from "./harden.js";
import { installImportGate } from "./importGate.js";
import { lockdown } from "./lockdown.js";
import type { JobOutcome, ParentMessage, RuntimePaths, WorkerMode } from "./messages.js";
import { startJavascript } from "./javascriptRuntime.js";
import { makePythonSnapshot, startPython, warmUpPython } from "./python.js";

/**
 * Worker process entry: `entry.js <mode> <runtime paths JSON>`. Started by the
 * sandbox service with an empty environment under Node's permission model.
 */
type JobMessage = Extract<ParentMessage, { type: "job" }>;
type JobHandler = (job: JobMessage, capture: OutputCapture) => Promise<JobOutcome> | JobOutcome;
/** A loaded runtime: its job handler, and what a reused Python worker does around its jobs. */
interface Runtime {
  handler: JobHandler;
  warmUp?: () => void;
  /** Captures the state every job starts from, once booted, warmed up and collected. */
  seal?: () => void;
  /** Puts that state back after a job whose outcome went out without asking to retire. */
  reset?: () => void;
}

const mode = process.argv[2] as WorkerMode;
// From --expose-gc; taken before lockdown() removes it from the global scope.
const collectGarbage = (globalThis as { gc?: () => void }).gc;
const paths = JSON.parse(process.argv[3] ?? "{}") as RuntimePaths;

hardenProcess();
exitWithParent();
main().catch((error: unknown) => {
  sendFrame({ type: "fatal", error: String(error instanceof Error ? error.stack : error).slice(0, 2000) });
  exitWorker(1);
});

async function main(): Promise<void> {
  if (mode === "snapshot") return snapshotMode();
  const runtime: Runtime = mode === "python" ? await pythonHandler() : { handler: await startJavascript(paths) };
  lockdown();
  // After lockdown, which invalidates code optimised before it (see warmUpPython).
  runtime.warmUp?.();
  onParentMessage((message) => {
    if (message.type === "job") void runJob(runtime, message);
  });
  // Boot leaves garbage and GC work due soon after; done now, it does not land on the first job (tens of ms).
  collectGarbage?.();
  runtime.seal?.();
  sendFrame({ type: "ready", mode });
}

async function snapshotMode(): Promise<void> {
  const snapshot = await makePythonSnapshot(paths.pyodideDir);
  sendFrame({ type: "snapshot", base64: Buffer.from(snapshot).toString("base64") });
  exitWorker(0);
}

/** Python needs its memory snapshot from the parent (on stdin) before it can start. */
async function pythonHandler(): Promise<Runtime> {
  const snapshot = await readStdin();
  installImportGate();
  const runtime = await startPython(paths.pyodideDir, snapshot);
  return {
    handler: (job, capture) => runtime.run(job.code, job.dataJson, job.limits, capture),
    warmUp: () => warmUpPython(runtime),
    seal: () => runtime.seal(),
    reset: () => runtime.reset(),
  };
}

/** The first final outcome of a job is sent; an output overflow sends it at once, mid-run. */
async function runJob(runtime: Runtime, job: JobMessage): Promise<void> {
  let sent = false;
  const send = (outcome: JobOutcome): void => {
    if (sent) return;
    sent = true;
    sendFrame({ type: "result", id: job.id, ...outcome });
  };
  const capture = new OutputCapture(job.limits.output_bytes, job.limits.output_lines, () =>
    send({ status: "output_limit", resultJson: "null", stdout: capture.text(), error: overflowMessage(job) }),
  );
  const outcome = await settleOutcome(runtime.handler, job, capture);
  const clean = !sent && outcome.status !== "memory" && outcome.status !== "timeout" && !outcome.retire;
  send(outcome);
  // The result is out first: the reset (a few ms) overlaps the service's reply.
  if (clean) runtime.reset?.();
}

async function settleOutcome(handler: JobHandler, job: JobMessage, capture: OutputCapture): Promise<JobOutcome> {
  try {
    const outcome = await handler(job, capture);
    if (new TextEncoder().encode(outcome.resultJson).length <= job.limits.output_bytes) return outcome;
    return {
      ...outcome,
      status: "output_limit",
      resultJson: "null",
      error: `the result's JSON exceeds ${job.limits.output_bytes} bytes`,
    };
  } catch (error) {
    // A host-realm exception (a RangeError from V8's own stack, say) may have left the worker half-done: retire it.
    return {
      status: "error",
      resultJson: "null",
      stdout: capture.text(),
      error: String(error).slice(0, 500),
      retire: "runtime_failed",
    };
  }
}

function overflowMessage(job: JobMessage): string {
  return `output exceeded ${job.limits.output_bytes} bytes or ${job.limits.output_lines} lines`;
}
