import type { PyodideInterface } from "pyodide";

/**
 * Cuts Python's reach into Pyodide's JavaScript side: run once per worker after boot and
 * before any job. Pyodide registers its whole API as the module `pyodide_js` (with `_api` and
 * `_module`, Emscripten's Module: FS, NODEFS, the heap, the loader's configuration), and
 * Python reaches a JS object only through a slot of Pyodide's JS reference tables. Removing the
 * Python names is not enough: a job has ctypes, so it can forge a JsProxy that points at any
 * slot. So the objects themselves leave the tables, whatever name or slot held them, and
 * NODEFS, the one filesystem that touches host files and descriptors, is disarmed in place
 * should any other path to it remain.
 */
interface EmscriptenModule {
  FS: { ErrnoError: new (errno: number) => Error };
  NODEFS: Record<string, unknown> & { node_ops: Record<string, unknown>; stream_ops: Record<string, unknown> };
  ERRNO_CODES: { EPERM: number };
  __hiwire_get(index: number): unknown;
  __hiwire_set(index: number, value: unknown): number;
  __hiwire_immortal_get(index: number): unknown;
}

type PyodideInternals = PyodideInterface & { _module: EmscriptenModule; _api: object };

export class ReachError extends Error {
  readonly code = "SANDBOX_PYODIDE_REACH";
}

/** Only `js` (the empty frozen `jsglobals`) stays importable; every other JS module goes. */
const FORGET_JS_MODULES = `
import sys
from _pyodide._importhook import jsfinder
from pyodide.ffi import JsProxy
for name in [n for n in jsfinder.jsproxies if n != "js"]:
    jsfinder.unregister_js_module(name)
for name in [n for n, m in sys.modules.items() if isinstance(m, JsProxy)]:
    del sys.modules[name]
`;

export function cutGuestReach(pyodide: PyodideInterface): void {
  const internals = pyodide as PyodideInternals;
  const module = internals._module;
  disarmNodefs(module);
  pyodide.runPython(FORGET_JS_MODULES, { globals: pyodide.globals.get("dict")() });
  const replaced = replaceInTables(module, new Set<unknown>([pyodide, internals._api, module]));
  if (replaced.immortal > 0)
    throw new ReachError(`Pyodide keeps its API in ${replaced.immortal} immortal reference slot(s)`);
}

/** Every function of NODEFS and of its node and stream operations now fails with EPERM. */
function disarmNodefs(module: EmscriptenModule): void {
  const refuse = (): never => {
    throw new module.FS.ErrnoError(module.ERRNO_CODES.EPERM);
  };
  const nodefs = module.NODEFS;
  for (const part of [nodefs.node_ops, nodefs.stream_ops, nodefs]) {
    for (const key of Object.keys(part)) if (typeof part[key] === "function") part[key] = refuse;
    Object.freeze(part);
  }
}

/**
 * Overwrites each slot (live or freed: a freed slot still holds its object, and ctypes can mark it
 * live again) that holds one of `roots` with an empty frozen object. Immortal slots cannot be
 * written: they are only counted, and the caller refuses to run jobs if one holds a root.
 */
function replaceInTables(module: EmscriptenModule, roots: ReadonlySet<unknown>): { immortal: number } {
  const inert = Object.freeze(Object.create(null) as object);
  for (const index of slotsHolding(roots, (i) => module.__hiwire_get(i))) {
    if (module.__hiwire_set(index, inert) < 0) throw new ReachError(`cannot overwrite JS reference slot ${index}`);
  }
  return { immortal: slotsHolding(roots, (i) => module.__hiwire_immortal_get(i)).length };
}

/** A reference table longer than this is not the one we know: refuse rather than scan forever. */
const MAX_TABLE_SLOTS = 1 << 20;

/** Every slot of a JS reference table, from 0 to where reading traps (its end). */
export function readReferenceTable(read: (index: number) => unknown): unknown[] {
  const values: unknown[] = [];
  for (let index = 0; index < MAX_TABLE_SLOTS; index++) {
    try {
      values.push(read(index));
    } catch {
      return values;
    }
  }
  throw new ReachError(`a JS reference table has more than ${MAX_TABLE_SLOTS} slots`);
}

/** Indexes of a reference table whose value is in `roots`. */
function slotsHolding(roots: ReadonlySet<unknown>, read: (index: number) => unknown): number[] {
  return readReferenceTable(read).flatMap((value, index) => (roots.has(value) ? [index] : []));
}
