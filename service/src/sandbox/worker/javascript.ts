import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from "quickjs-emscripten-core";
import type { OutputCapture } from "./capture.js";
import { capMemoryAt } from "./memoryCap.js";
import type { JobLimits, JobOutcome } from "./messages.js";
import { GUEST_PRELUDE, guestError, type GuestError } from "./javascriptGuest.js";

const MIB = 1024 * 1024;
/** QuickJS's own stack bound, bytes: deep recursion ends in a catchable "stack overflow". */
const MAX_STACK_BYTES = 512 * 1024;
/** Room the WASM heap may take beyond the guest's memory limit (QuickJS's own structures). */
const WASM_SLACK_MIB = 32;

/**
 * Each job gets a brand-new QuickJS WebAssembly instance (`module`, made for
 * this job alone and unused before it): new linear memory, new runtime, new
 * context. The guest can reach nothing outside that instance but `data`
 * (parsed inside the guest from JSON text) and one host function that
 * appends text to the capture, so nothing it does survives the job.
 */
export function runJavascript(
  module: QuickJSWASMModule, code: string, dataJson: string, limits: JobLimits, capture: OutputCapture,
): JobOutcome {
  capMemoryAt(0, limits.memory_mib + WASM_SLACK_MIB);
  const deadline = Date.now() + limits.wall_ms;
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(limits.memory_mib * MIB);
  runtime.setMaxStackSize(MAX_STACK_BYTES);
  runtime.setInterruptHandler(() => capture.exceeded || Date.now() > deadline);
  const vm = runtime.newContext();
  const finish = prepare(vm, dataJson, capture, limits.output_bytes);
  const completion = vm.evalCode(code, "job.js");
  if (completion.error) return failed(vm.dump(completion.error) as GuestError, capture, deadline);
  runtime.executePendingJobs();
  const state = vm.getPromiseState(completion.value);
  if (state.type === "rejected") return failed(vm.dump(state.error) as GuestError, capture, deadline);
  if (state.type === "pending") return failed({ name: "Error", message: "the job's promise never settled" }, capture, deadline);
  return settle(vm, finish, state.value, capture, deadline);
}

/** Installs console and data, and returns the guest function that turns the result into JSON text. */
function prepare(vm: QuickJSContext, dataJson: string, capture: OutputCapture, outputBytes: number): QuickJSHandle {
  const write = vm.newFunction("write", (text) => void capture.writeText(vm.getString(text)));
  const prelude = vm.unwrapResult(vm.evalCode(GUEST_PRELUDE, "prelude.js"));
  const finish = vm.unwrapResult(vm.callFunction(prelude, vm.undefined, write, vm.newString(dataJson), vm.newNumber(outputBytes + 1)));
  return finish;
}

function settle(vm: QuickJSContext, finish: QuickJSHandle, value: QuickJSHandle, capture: OutputCapture, deadline: number): JobOutcome {
  const settled = vm.callFunction(finish, vm.undefined, value);
  if (settled.error) return failed(vm.dump(settled.error) as GuestError, capture, deadline);
  const reply = vm.dump(settled.value) as { json?: string; error?: GuestError };
  if (reply.error) return failed(reply.error, capture, deadline);
  const status = capture.exceeded ? "output_limit" : "ok";
  return { status, resultJson: reply.json ?? "null", stdout: capture.text() };
}

function failed(error: GuestError, capture: OutputCapture, deadline: number): JobOutcome {
  const message = guestError(error);
  const status = capture.exceeded
    ? "output_limit"
    : /out of memory/i.test(message)
      ? "memory"
      : /interrupted/i.test(message) && Date.now() >= deadline
        ? "timeout"
        : "error";
  return { status, resultJson: "null", stdout: capture.text(), error: message };
}
