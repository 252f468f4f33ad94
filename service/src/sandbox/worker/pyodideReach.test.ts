import assert from "node:assert/strict";
import { beforeAll, describe, it } from "vitest";
import { pathToFileURL } from "node:url";
import type { PyodideInterface } from "pyodide";
import { resolveRuntimes } from "../runtimePaths.js";
import { cutGuestReach } from "./pyodideReach.js";

/**
 * A real Pyodide (booted in this process, without the worker's other walls) after
 * cutGuestReach: what Python can still name, what Pyodide's JS reference tables still hold,
 * and what NODEFS still does.
 */
type Module = {
  NODEFS: { stream_ops: Record<string, (...args: unknown[]) => unknown> };
  ERRNO_CODES: { EPERM: number };
  __hiwire_get(index: number): unknown;
  __hiwire_immortal_get(index: number): unknown;
};

const { pyodideDir } = resolveRuntimes();
let pyodide: PyodideInterface;
let module: Module;
let roots: unknown[];

function tableValues(read: (index: number) => unknown): unknown[] {
  const values: unknown[] = [];
  for (;;) {
    try {
      values.push(read(values.length));
    } catch {
      return values;
    }
  }
}

beforeAll(async () => {
  const { loadPyodide } = (await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href)) as typeof import("pyodide");
  pyodide = await loadPyodide({
    indexURL: `${pyodideDir}/`,
    jsglobals: Object.freeze(Object.create(null) as object),
    env: {},
    stdout: () => {},
    stderr: () => {},
  });
  const internals = pyodide as unknown as { _module: Module; _api: object };
  module = internals._module;
  roots = [pyodide, internals._api, module];
  cutGuestReach(pyodide);
});

describe("cutGuestReach", () => {
  it("leaves no slot of Pyodide's JS reference tables holding the API, its public face or the Module", () => {
    const values = [
      ...tableValues((i) => module.__hiwire_get(i)),
      ...tableValues((i) => module.__hiwire_immortal_get(i)),
    ];
    assert.ok(values.length > 8, `only ${values.length} slots read`);
    assert.deepEqual(
      values.filter((value) => roots.includes(value)),
      [],
    );
  });

  it("leaves js (the empty namespace) the only JS module Python can import", () => {
    const seen = pyodide
      .runPython(`
import importlib, sys
from pyodide.ffi import JsProxy
def fails(name):
    try:
        importlib.import_module(name)
    except ModuleNotFoundError:
        return True
    return False
import js
[sorted(k for k, m in sys.modules.items() if isinstance(m, JsProxy)), [fails(n) for n in ("pyodide_js", "pyodide_js._api", "pyodide_js._module")], list(js.object_keys())]
`)
      .toJs() as unknown;
    assert.deepEqual(seen, [["js"], [true, true, true], []]);
  });

  it("disarms NODEFS: no host folder mounts and no host descriptor is written", () => {
    const eperm = (error: unknown) => (error as { errno?: number }).errno === module.ERRNO_CODES.EPERM;
    assert.throws(
      () => (pyodide as unknown as { mountNodeFS(at: string, host: string): void }).mountNodeFS("/wk", pyodideDir),
      eperm,
    );
    assert.throws(() => module.NODEFS.stream_ops.write?.({ nfd: 2 }, new Uint8Array(1), 0, 1, undefined), eperm);
    assert.equal(Object.isFrozen(module.NODEFS.stream_ops), true);
  });

  it("leaves Python running", () => {
    assert.equal(pyodide.runPython("import statistics\nstatistics.mean([1, 2, 3])"), 2);
  });
});
