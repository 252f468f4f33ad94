import { pathToFileURL } from "node:url";
import type { PyodideInterface } from "pyodide";
import type { PyProxy } from "pyodide/ffi";
import { capMemoryAt, memoryCapHit } from "./memoryCap.js";
import type { JobLimits, JobOutcome } from "./messages.js";
import { OutputCapture } from "./capture.js";
import { gatedInstance, throughGate } from "./importGate.js";
import { cutGuestReach } from "./pyodideReach.js";
import { capturePristine, type Pristine, type PyodideInternals } from "./pythonReset.js";
import { PYTHON_PRELOAD, PYTHON_RUNNER, PYTHON_WARMUP, WARMUP_ROUNDS } from "./pythonRunner.js";

/**
 * A loaded interpreter that runs jobs; output goes to whichever capture is current. After
 * `seal()` it runs each job behind the import gate and reports `retire` when the job left
 * state that `reset()` cannot put back; otherwise `reset()` returns it to its sealed state.
 */
export interface PythonRuntime {
  run(code: string, dataJson: string, limits: JobLimits, capture: OutputCapture): JobOutcome;
  /** Captures the state every later job starts from; call once, when no job code has run since boot. */
  seal(): void;
  /** Puts back the sealed state; only after a job whose outcome did not ask to retire. */
  reset(): void;
}

type LoadOptions = { _loadSnapshot?: Uint8Array; _makeSnapshot?: boolean };

async function load(pyodideDir: string, options: LoadOptions): Promise<PyodideInterface> {
  const { loadPyodide } = (await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href)) as typeof import("pyodide");
  // `import js` must reach nothing: an empty, frozen object without a prototype.
  const jsglobals = Object.freeze(Object.create(null) as object);
  // stdin is EOF: Emscripten's default would read the worker's own descriptor 0.
  const stdin = (): null => null;
  return loadPyodide({
    indexURL: `${pyodideDir}/`,
    jsglobals,
    env: {},
    stdin,
    stdout: () => {},
    stderr: () => {},
    ...options,
  });
}

/** Boots a full interpreter, imports the common stdlib, and returns its memory image. */
export async function makePythonSnapshot(pyodideDir: string): Promise<Uint8Array> {
  const pyodide = await load(pyodideDir, { _makeSnapshot: true });
  pyodide.runPython(PYTHON_PRELOAD);
  return pyodide.makeMemorySnapshot();
}

export async function startPython(pyodideDir: string, snapshot: Uint8Array): Promise<PythonRuntime> {
  const pyodide = await load(pyodideDir, { _loadSnapshot: snapshot });
  let capture: OutputCapture | undefined;
  const write = (bytes: Uint8Array): number => (capture?.write(bytes), bytes.length);
  pyodide.setStdout({ write });
  pyodide.setStderr({ write });
  const scope = pyodide.globals.get("dict")() as PyProxy;
  pyodide.runPython(PYTHON_RUNNER, { globals: scope });
  const sandboxRun = scope.get("sandbox_run") as (code: string, dataJson: string) => string;
  // Pyodide's typings omit _module; its HEAP8 spans the whole linear memory (and is replaced when it grows).
  const module = (pyodide as unknown as { _module: PyodideInternals })._module;
  cutGuestReach(pyodide);
  let pristine: Pristine | undefined;
  return {
    run(code, dataJson, limits, current) {
      capture = current;
      capMemoryAt(module.HEAP8.length, limits.memory_mib);
      if (!pristine) return outcome(() => sandboxRun(code, dataJson), current);
      const { value, forbidden } = throughGate(() => outcome(() => sandboxRun(code, dataJson), current));
      const reachedOut = forbidden !== undefined || pristine.drift();
      return value.retire || !reachedOut ? value : { ...value, retire: "outside_instance" };
    },
    seal() {
      pristine = capturePristine(module, gatedInstance());
    },
    reset() {
      pristine?.restore();
    },
  };
}

/**
 * V8 compiles WebAssembly functions lazily, on first call, and optimises hot
 * ones later: a worker's first job would pay for both. Running a few small
 * jobs through the whole job path before the worker reports ready moves that
 * cost into the boot. Each runs in its own fresh scope, as a job does. Call it
 * after lockdown(): freezing the intrinsics changes their prototypes' maps,
 * which discards the JavaScript code V8 had optimised against them.
 */
export function warmUpPython(runtime: PythonRuntime): void {
  const limits = { wall_ms: 5000, memory_mib: 64, output_bytes: 4096, output_lines: 100 };
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    for (const code of PYTHON_WARMUP) runtime.run(code, "[1, 2, 3, 4]", limits, new OutputCapture(4096, 100, () => {}));
  }
}

function outcome(run: () => string, capture: OutputCapture): JobOutcome {
  try {
    const parsed = JSON.parse(run()) as { status: "ok" | "error" | "memory"; result?: unknown; error?: string };
    const status = memoryCapHit() ? "memory" : parsed.status;
    const resultJson = JSON.stringify(parsed.result ?? null);
    return { status, resultJson, stdout: capture.text(), ...(parsed.error ? { error: parsed.error } : {}) };
  } catch (error) {
    // A blown JS stack is a recursion failure even if deep frames also pressed on the memory cap.
    const stackOverflow = error instanceof RangeError || /call stack size/i.test(firstLine(error));
    const status = memoryCapHit() && !stackOverflow ? "memory" : "error";
    // The failure unwound through Pyodide's JavaScript side, whose state no reset covers.
    return {
      status,
      resultJson: "null",
      stdout: capture.text(),
      error: `the Python runtime failed: ${firstLine(error)}`,
      retire: "runtime_failed",
    };
  }
}

function firstLine(error: unknown): string {
  return (
    String(error instanceof Error ? error.message : error)
      .split("\n")
      .find((l) => l.trim()) ?? "unknown"
  );
}
