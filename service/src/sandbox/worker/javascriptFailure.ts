import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten-core";
import type { OutputCapture } from "./capture.js";
import { guestError, type GuestError } from "./javascriptGuest.js";
import { engineMessage } from "./javascriptResult.js";
import { wallTimeExceeded } from "./limitText.js";
import { memoryCapHit } from "./memoryCap.js";
import type { JobOutcome } from "./messages.js";

/**
 * How a JavaScript job that did not produce a result ends. The status comes
 * from what the host itself saw (the output cap, its own interrupt at the
 * deadline, the WASM cap) before the job's words are consulted; only QuickJS's
 * "out of memory" is taken from the error, and a job that fakes it merely
 * retires its worker.
 */
export interface HostFacts {
  capture: OutputCapture;
  /** The interrupt handler stopped the job because its wall time was up. */
  timedOut: boolean;
  wallMs: number;
}

export const NEVER_SETTLED: GuestError = { name: "Error", message: "the job's promise never settled", stack: "" };

/** `read` is asked only when the facts leave the job's own words to decide. */
export function failure(facts: HostFacts, read: () => GuestError): JobOutcome {
  const stdout = facts.capture.text();
  if (facts.timedOut) return { status: "timeout", resultJson: "null", stdout, error: wallTimeExceeded(facts.wallMs) };
  const error = read();
  if (facts.capture.exceeded) return { status: "output_limit", resultJson: "null", stdout, error: guestError(error) };
  const status = memoryCapHit() || /out of memory/i.test(error.message) ? "memory" : "error";
  return { status, resultJson: "null", stdout, error: guestError(error) };
}

/** A thrown value as the prelude's describe() reads it (no job code runs; see javascriptGuest.ts). */
export function describeThrown(vm: QuickJSContext, describe: QuickJSHandle, thrown: QuickJSHandle): GuestError {
  const described = vm.callFunction(describe, vm.undefined, thrown);
  // Interrupted at the deadline or out of memory while reading: the facts above decide the status.
  if (described.error)
    return {
      name: "InternalError",
      message: `the job's error could not be read (${engineMessage(vm, described.error)})`,
      stack: "",
    };
  const part = (index: number): string => {
    const handle = vm.getProp(described.value, index);
    return vm.typeof(handle) === "string" ? vm.getString(handle) : "";
  };
  return { name: part(0), message: part(1), stack: part(2) };
}
