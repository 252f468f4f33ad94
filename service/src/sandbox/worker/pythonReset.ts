import { readReferenceTable } from "./pyodideReach.js";

/**
 * Puts a Python worker back to the state it was in before its first job, so that it can take
 * another. A Pyodide instance's state is its linear memory, its mutable globals (only the stack
 * pointer is exported mutable), its tables (functions, and the JS references Python holds), and
 * JavaScript objects it reaches through imports. The first three are captured once and written
 * back after every job; the import gate (importGate.ts) holds the last to what its allowed
 * imports touch. Of that, only standard output's and error's stream position and write stamp
 * change, and no import reads them (seeking on them fails with ESPIPE; stat reports other fields).
 *
 * What cannot be written back is refused instead (`drift`): a memory or a table that grew, a
 * stream opened, closed or replaced, the folder changed, an immortal reference rebound. The
 * worker then retires and a fresh process takes its place.
 */
type Fields = Record<string, unknown>;

export interface PyodideInternals {
  HEAP8: Int8Array;
  FS: { streams: Array<Fields | null | undefined>; cwd(): string };
  __hiwire_get(index: number): unknown;
  __hiwire_set(index: number, value: unknown): number;
  __hiwire_immortal_get(index: number): unknown;
}

export interface Pristine {
  /**
   * Whether the job just run left what cannot be written back: memory or a table grown, a JS
   * reference table longer or an immortal reference rebound, a descriptor opened, closed or
   * replaced, the folder changed. Each needs an import the gate refuses: defence in depth.
   */
  drift(): boolean;
  /** Writes the captured state back. Call only when drift() found nothing. */
  restore(): void;
}

export function capturePristine(module: PyodideInternals, instance: WebAssembly.Instance): Pristine {
  const memory = new Uint8Array(module.HEAP8.buffer).slice();
  const globals = mutableGlobals(instance).map((global) => ({ global, value: global.value as unknown }));
  const table = instance.exports.__indirect_function_table as WebAssembly.Table;
  const tableLength = table.length;
  const slots = readReferenceTable((i) => module.__hiwire_get(i));
  const immortal = readReferenceTable((i) => module.__hiwire_immortal_get(i));
  const streams = module.FS.streams.slice();
  const cwd = module.FS.cwd();

  const drift = (): boolean => {
    if (module.HEAP8.length !== memory.length || table.length !== tableLength) return true;
    if (readReferenceTable((i) => module.__hiwire_get(i)).length !== slots.length) return true;
    const now = readReferenceTable((i) => module.__hiwire_immortal_get(i));
    if (now.length !== immortal.length || now.some((value, i) => value !== immortal[i])) return true;
    const open = module.FS.streams;
    if (open.length !== streams.length || open.some((stream, fd) => stream !== streams[fd])) return true;
    return module.FS.cwd() !== cwd;
  };

  const restore = (): void => {
    new Uint8Array(module.HEAP8.buffer).set(memory);
    for (const { global, value } of globals) global.value = value;
    slots.forEach((value, index) => {
      // Cannot fail on a slot that existed at sealing; if it did, the worker must not take another job.
      if (module.__hiwire_set(index, value) < 0) throw new Error(`sandbox: cannot restore JS reference slot ${index}`);
    });
  };
  return { drift, restore };
}

function mutableGlobals(instance: WebAssembly.Instance): WebAssembly.Global[] {
  return Object.values(instance.exports).filter((value): value is WebAssembly.Global => {
    if (!(value instanceof WebAssembly.Global)) return false;
    try {
      const current: unknown = value.value;
      value.value = current; // throws on an immutable global
      return true;
    } catch {
      return false;
    }
  });
}
