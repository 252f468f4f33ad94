import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten-core";
import { notData, ResultError, tooDeep } from "./resultError.js";
import { bjsonToJson, type JsonText } from "./resultJson.js";

/**
 * Reads a job's result without running job code. QuickJS's own C serialiser
 * (JS_WriteObject) copies the value's data into bytes: it reads objects'
 * internal slots, never calls toJSON, getters or Proxy traps, and refuses
 * what is not data. The host turns the bytes into JSON (resultJson.ts).
 * Its C recursion runs under a small stack bound, so a deep value ends in
 * QuickJS's "stack overflow" long before the host's own stack is at risk
 * (measured: at 256 KiB a 100k-deep array overflowed V8's stack, at 128 KiB it did not).
 */
const ENCODE_STACK_BYTES = 64 * 1024;
export const MAX_RESULT_DEPTH = 64;
/** Values the host may read per character of the output cap, past one read of every byte. */
const STEPS_PER_CHAR = 16;
/** Types JSON.stringify turns into no text at the top level (answered as null); inside the result they are refused. */
const UNSERIALISED_TOP = new Set(["undefined", "function", "symbol"]);

/** `thrown`: QuickJS failed for another reason (out of memory), for the caller to describe. */
export type ResultRead = JsonText | { error: ResultError } | { thrown: QuickJSHandle } | { outOfMemory: string };

/** Made before job code runs: the host function that hands QuickJS's bytes back (a thrown error stays in the VM). */
export function resultEncoder(vm: QuickJSContext): QuickJSHandle {
  return vm.newFunction("encode", (value) => vm.encodeBinaryJSON(value));
}

export function readResult(
  vm: QuickJSContext,
  runtime: QuickJSRuntime,
  encoder: QuickJSHandle,
  value: QuickJSHandle,
  maxChars: number,
  restoreStack: number,
): ResultRead {
  // As JSON.stringify at the top (typeof runs no trap): a script whose last statement assigns a function still answers.
  if (UNSERIALISED_TOP.has(vm.typeof(value))) return { json: "null" };
  runtime.setMaxStackSize(ENCODE_STACK_BYTES);
  const encoded = vm.callFunction(encoder, vm.undefined, value);
  runtime.setMaxStackSize(restoreStack);
  if (encoded.error) return refusal(vm, encoded.error);
  const bytes = copyOut(vm, encoded.value);
  if (typeof bytes === "string") return { outOfMemory: bytes };
  try {
    return bjsonToJson(bytes.value, {
      maxDepth: MAX_RESULT_DEPTH,
      maxChars,
      maxSteps: bytes.value.length + STEPS_PER_CHAR * maxChars,
    });
  } catch (error) {
    if (error instanceof ResultError) return { error };
    throw error;
  } finally {
    bytes.dispose();
  }
}

function refusal(vm: QuickJSContext, thrown: QuickJSHandle): ResultRead {
  const error = refusalFor(engineMessage(vm, thrown));
  return error ? { error } : { thrown };
}

/** The bytes, copied once inside the WASM heap (quickjs-emscripten's getArrayBuffer), or why not. */
function copyOut(vm: QuickJSContext, buffer: QuickJSHandle): ReturnType<QuickJSContext["getArrayBuffer"]> | string {
  try {
    return vm.getArrayBuffer(buffer);
  } catch (error) {
    return `InternalError: out of memory (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** The refusal QuickJS's serialiser meant, from its own message; undefined for anything else. */
export function refusalFor(message: string): ResultError | undefined {
  if (/only value properties/.test(message)) return notData.getter();
  if (/unsupported object class/.test(message)) return notData.object();
  if (/unsupported tag/.test(message)) return notData.symbol();
  if (/stack overflow/.test(message)) return tooDeep(MAX_RESULT_DEPTH);
  return undefined;
}

/** The message of an error QuickJS itself threw: an own data property, so reading it runs no job code. */
export function engineMessage(vm: QuickJSContext, thrown: QuickJSHandle): string {
  if (vm.typeof(thrown) !== "object") return "";
  const message = vm.getProp(thrown, "message");
  return vm.typeof(message) === "string" ? vm.getString(message) : "";
}
