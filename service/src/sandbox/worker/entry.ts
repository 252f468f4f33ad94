import { OutputCapture } from "./capture.js";
import { exitWithParent, exitWorker, onParentMessage, readStdin, sendFrame } from "./channel.js";
import { hardenProcess } from "./harden.js";
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
  const { handler, warmUp } =
    mode === "python" ? await pythonHandler() : { handler: await startJavascript(paths), warmUp: undefined };
  lockdown();
  // After lockdown, which invalidates code optimised before it (see warmUpPython).
  warmUp?.();
  onParentMessage((message) => {
    if (message.type === "job") void runJob(handler, message);
  });
  // Boot leaves garbage and GC work due soon after; done now, it does not land on the first job (tens of ms).
  collectGarbage?.();
  sendFrame({ type: "ready", mode });
}

async function snapshotMode(): Promise<void> {
  const snapshot = await makePythonSnapshot(paths.pyodideDir);
  sendFrame({ type: "snapshot", base64: Buffer.from(snapshot).toString("base64") });
  exitWorker(0);
}

/** Python needs its memory snapshot from the parent (on stdin) before it can start. */
async function pythonHandler(): Promise<{ handler: JobHandler; warmUp: () => void }> {
  const snapshot = await readStdin();
  const runtime = await startPython(paths.pyodideDir, snapshot);
  return {
    handler: (job, capture) => runtime.run(job.code, job.dataJson, job.limits, capture),
    warmUp: () => warmUpPython(runtime),
  };
}

/** The first final outcome of a job is sent; an output overflow sends it at once, mid-run. */
async function runJob(handler: JobHandler, job: JobMessage): Promise<void> {
  let sent = false;
  const send = (outcome: JobOutcome): void => {
    if (sent) return;
    sent = true;
    sendFrame({ type: "result", id: job.id, ...outcome });
  };
  const capture = new OutputCapture(job.limits.output_bytes, job.limits.output_lines, () =>
    send({ status: "output_limit", resultJson: "null", stdout: capture.text(), error: overflowMessage(job) }),
  );
  send(await settleOutcome(handler, job, capture));
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
      retire: true,
    };
  }
}

function overflowMessage(job: JobMessage): string {
  return `output exceeded ${job.limits.output_bytes} bytes or ${job.limits.output_lines} lines`;
}
