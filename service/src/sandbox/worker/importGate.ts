/**
 * The one door between Pyodide's WebAssembly and the JavaScript realm: its imports. Python
 * code, whatever it does to its own linear memory (ctypes ships with it), changes JavaScript
 * state only by making the WebAssembly call an import: the file system, the FFI's JS objects,
 * timers and the loader all sit behind one. A reused worker (see pythonReset.ts) restores
 * everything inside the instance after each job; this gate holds what is outside it to changes
 * no later job can read.
 *
 * Default deny: while a job runs, every import not in ALLOWED_DURING_JOB is counted as the
 * job's first forbidden call, and its worker is retired after the job instead of reset. The
 * allowed ones read the clock, the random source or the current folder, call a function of the
 * instance's own table, convert the job's strings at the call boundary, or write to standard
 * output and error (which moves only their stream position and write stamp, and no import reads
 * either: see pythonReset.ts). A Pyodide upgrade that renames
 * an import only makes more jobs retire their worker.
 */
type Imports = Record<string, unknown>;
type Check = (...args: unknown[]) => boolean;

const ANY: Check = () => true;
const STDOUT_OR_STDERR: Check = (fd) => fd === 1 || fd === 2;

export const ALLOWED_DURING_JOB: Readonly<Record<string, Check>> = {
  _PyEM_TrampolineCall_JS: ANY, // wasmTable.get(f)(a, b, c): an indirect call inside the instance
  _Py_CheckEmscriptenSignals_Helper: ANY, // reads the signal flag
  clock_time_get: ANY,
  emscripten_get_now: ANY,
  emscripten_date_now: ANY,
  _localtime_js: ANY, // writes a struct tm into the instance's memory
  _gmtime_js: ANY,
  _mktime_js: ANY,
  _timegm_js: ANY,
  _tzset_js: ANY,
  random_get: ANY, // crypto.getRandomValues into the instance's memory
  __syscall_getcwd: ANY, // the folder cannot change: chdir is not allowed
  fd_write: STDOUT_OR_STDERR,
  // The call boundary: the job's code and data in, its result text out.
  JsvArray_Get: ANY,
  js2python_js: ANY,
  _python2js_ascii: ANY,
  _python2js_ucs1: ANY,
  _python2js_ucs2: ANY,
  _python2js_ucs4: ANY,
  JsvError_Check: ANY,
  JsvNoValue_Check: ANY,
};

let open = false;
let forbidden: string | undefined;
let instance: WebAssembly.Instance | undefined;

/** Wraps the imports of the first module instantiated with Emscripten's `env` (Pyodide's main module). */
export function installImportGate(): void {
  const instantiate = WebAssembly.instantiate;
  const gated = async (source: never, imports?: WebAssembly.Imports) => {
    const env = imports?.env as Imports | undefined;
    const main = instance === undefined && env !== undefined;
    if (main) gateAll(env);
    const made = (await instantiate(source, imports)) as unknown as
      | WebAssembly.Instance
      | { instance: WebAssembly.Instance };
    if (main) instance = "instance" in made ? made.instance : made;
    return made;
  };
  WebAssembly.instantiate = gated as typeof WebAssembly.instantiate;
}

function gateAll(env: Imports): void {
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== "function" || ALLOWED_DURING_JOB[name] === ANY) continue;
    env[name] = wrap(name, value as (...args: unknown[]) => unknown, ALLOWED_DURING_JOB[name]);
  }
}

function wrap(name: string, target: (...args: unknown[]) => unknown, allowed: Check | undefined) {
  const gate = function (this: unknown, ...args: unknown[]): unknown {
    if (open && forbidden === undefined && !allowed?.(...args)) forbidden = name;
    return target.apply(this, args);
  };
  // Emscripten reads a JS import's signature from its `sig` when a side module links to it.
  return Object.assign(gate, { sig: (target as { sig?: string }).sig });
}

/** Pyodide's main instance, once instantiated through the gate. */
export function gatedInstance(): WebAssembly.Instance {
  if (!instance) throw new Error("sandbox: Pyodide was not instantiated through the import gate");
  return instance;
}

/** Runs `job` with the gate open; returns its result and the first forbidden import it called, if any. */
export function throughGate<T>(job: () => T): { value: T; forbidden: string | undefined } {
  open = true;
  forbidden = undefined;
  try {
    return { value: job(), forbidden };
  } finally {
    open = false;
  }
}
