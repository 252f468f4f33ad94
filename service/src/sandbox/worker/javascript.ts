import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from "quickjs-emscripten-core";
import type { OutputCapture } from "./capture.js";
import { describeThrown, failure, NEVER_SETTLED, type HostFacts } from "./javascriptFailure.js";
import { GUEST_PRELUDE, type GuestError } from "./javascriptGuest.js";
import { readResult, resultEncoder } from "./javascriptResult.js";
import { resultTooLong } from "./limitText.js";
import { capMemoryAt } from "./memoryCap.js";
import type { JobLimits, JobOutcome } from "./messages.js";

const MIB = 1024 * 1024;
/**
 * QuickJS's stack bound for job code, bytes: deep recursion ends in a catchable "stack overflow"
 * (plain recursion at about 500 frames). QuickJS counts only its shadow stack in WASM memory, while
 * its C recursion also spends the worker's V8 stack (JS_STACK_KIB in ../workerCommand.ts), far more
 * per byte counted in its parser and JSON.stringify. Measured with that V8 stack: 128 KiB still
 * stopped `eval('['.repeat(1e5))` inside QuickJS, 160 KiB did not; at 512 KiB plain recursion
 * overflowed V8 (see test-helpers/hostileCorpusDepth.ts).
 */
const MAX_STACK_BYTES = 96 * 1024;
/** Room the WASM heap may take beyond the guest's memory limit (QuickJS's own structures). */
const WASM_SLACK_MIB = 32;

/** What the host made in the context before the job's code ran (the job holds no reference to any of it). */
interface HostHandles {
  describe: QuickJSHandle;
  pick: QuickJSHandle;
  encoder: QuickJSHandle;
}

type Settled = { value: QuickJSHandle } | { thrown: QuickJSHandle } | { pending: true };

/**
 * Each job gets a brand-new QuickJS WebAssembly instance (`module`, made for
 * this job alone and unused before it): new linear memory, new runtime, new
 * context. The guest can reach nothing outside that instance but `data`
 * (parsed inside the guest from JSON text) and one host function that
 * appends text to the capture, so nothing it does survives the job. Once the
 * job's deadline has passed, the interrupt handler stops every later piece of
 * job code, promise jobs included, and the job is a timeout.
 */
export function runJavascript(
  module: QuickJSWASMModule,
  code: string,
  dataJson: string,
  limits: JobLimits,
  capture: OutputCapture,
): JobOutcome {
  capMemoryAt(0, limits.memory_mib + WASM_SLACK_MIB);
  const facts: HostFacts = { capture, timedOut: false, wallMs: limits.wall_ms };
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(limits.memory_mib * MIB);
  runtime.setMaxStackSize(MAX_STACK_BYTES);
  const vm = runtime.newContext();
  const host = prepare(vm, dataJson, capture, limits.output_bytes);
  // The job's clock starts after the host's own preparation: on a starved host that can take longer than the
  // wall time, and an interrupt inside it would end the job as an internal error instead of a timeout.
  const deadline = Date.now() + limits.wall_ms;
  runtime.setInterruptHandler(() => {
    if (capture.exceeded) return true;
    if (Date.now() > deadline) facts.timedOut = true;
    return facts.timedOut;
  });
  const settled = pick(vm, host, settle(vm, runtime, code));
  // A promise job turns the interrupt into a rejection and the queue then drains: the flag, not the value, tells.
  if (facts.timedOut || !("value" in settled)) return failure(facts, () => explain(vm, host, settled));
  return result(vm, runtime, host, settled.value, facts, limits.output_bytes);
}

/** Installs console and data, and keeps the prelude's functions and the result encoder for the host. */
function prepare(vm: QuickJSContext, dataJson: string, capture: OutputCapture, outputBytes: number): HostHandles {
  const write = vm.newFunction("write", (text) => void capture.writeText(vm.getString(text)));
  const prelude = vm.unwrapResult(vm.evalCode(GUEST_PRELUDE, "prelude.js"));
  const pair = vm.unwrapResult(
    vm.callFunction(prelude, vm.undefined, write, vm.newString(dataJson), vm.newNumber(outputBytes + 1)),
  );
  return { describe: vm.getProp(pair, 0), pick: vm.getProp(pair, 1), encoder: resultEncoder(vm) };
}

/** Runs the code and every promise job it queues; an error from the job queue is an interrupt or out of memory. */
function settle(vm: QuickJSContext, runtime: QuickJSRuntime, code: string): Settled {
  const completion = vm.evalCode(code, "job.js");
  if (completion.error) return { thrown: completion.error };
  const jobs = runtime.executePendingJobs();
  if (jobs.error) return { thrown: jobs.error };
  const state = vm.getPromiseState(completion.value);
  if (state.type === "rejected") return { thrown: state.error };
  if (state.type === "pending") return { pending: true };
  return { value: state.value };
}

function explain(vm: QuickJSContext, host: HostHandles, settled: Settled): GuestError {
  return "thrown" in settled ? describeThrown(vm, host.describe, settled.thrown) : NEVER_SETTLED;
}

/** The job's `result` binding if it has one, else the settled value (see javascriptGuest.ts). */
function pick(vm: QuickJSContext, host: HostHandles, settled: Settled): Settled {
  if (!("value" in settled)) return settled;
  const picked = vm.callFunction(host.pick, vm.undefined, settled.value);
  return picked.error ? { thrown: picked.error } : { value: picked.value };
}

function result(
  vm: QuickJSContext,
  runtime: QuickJSRuntime,
  host: HostHandles,
  value: QuickJSHandle,
  facts: HostFacts,
  outputBytes: number,
): JobOutcome {
  const read = readResult(vm, runtime, host.encoder, value, outputBytes, MAX_STACK_BYTES);
  const stdout = facts.capture.text();
  if ("json" in read) return { status: facts.capture.exceeded ? "output_limit" : "ok", resultJson: read.json, stdout };
  if ("tooLong" in read)
    return { status: "output_limit", resultJson: "null", stdout, error: resultTooLong(outputBytes) };
  if ("error" in read) return failure(facts, () => ({ name: read.error.name, message: read.error.message, stack: "" }));
  if ("thrown" in read) return failure(facts, () => describeThrown(vm, host.describe, read.thrown));
  return failure(facts, () => ({ name: "", message: read.outOfMemory, stack: "" }));
}
