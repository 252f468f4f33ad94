import type { Language } from "../worker/messages.js";
import type { HostileCase } from "./hostileCase.js";
import { JAVASCRIPT_DEPTH_CASES } from "./hostileCorpusDepth.js";
export type { HostileCase, HostileContext } from "./hostileCase.js";
import {
  FIND_PYODIDE_API,
  FRAME_FLOOD,
  IPC_BAD_MESSAGE,
  IPC_HUGE_MESSAGE,
  MOUNT_HOST_FOLDER,
} from "./pyodideRoutes.js";

const SHORT = { wall_ms: 600 };
/**
 * For a trap that must never run (a getter or a Proxy trap in the result): the job itself ends at once,
 * so its wall time only has to outlast a starved host (600 ms did not, once, in CI); a trap that did
 * run loops until this limit, and the case then fails as a timeout.
 */
const TRAP_NEVER_RUNS = { wall_ms: 10_000 };
/** Importing urllib or http compiles much of the stdlib's WASM paths on first use: slow on a busy host. */
const SLOW_IMPORT = { wall_ms: 20_000 };
const SMALL_MEMORY = { memory_mib: 48 };
const SMALL_OUTPUT = { output_bytes: 4096 };
const c = (text: string) => () => text;
/** Raw descriptor writes of hundreds of MiB need seconds on a busy host. */
const RAW_WRITES = { wall_ms: 20_000 };
const NO_API_ROUTE = /^LookupError: no route to the Pyodide API/;
/**
 * Copies kept outside the WASM heap meet the worker's kernel bound (RLIMIT_DATA) either at the next copy's
 * ArrayBuffer (reported by the job) or at V8's own next heap page (V8 ends the worker): which comes first
 * depends on when V8 grows its heap, so both are the bound holding. A crash of any other kind still fails.
 */
const KERNEL_BOUND = /^(the job reached the worker's memory bound: |the job exhausted the worker's JavaScript heap$)/;

export const PYTHON_CASES: HostileCase[] = [
  {
    name: "fork bomb",
    language: "python",
    code: c("import os\nwhile True:\n    os.fork()"),
    expect: { status: "error", error: /^OSError: \[Errno 52\] Function not implemented \(line 3\)$/ },
  },
  {
    name: "thread bomb",
    language: "python",
    code: c("import threading\nwhile True:\n    threading.Thread(target=lambda: None).start()"),
    expect: { status: "error", error: /^RuntimeError: can't start new thread/ },
  },
  {
    name: "single huge allocation",
    language: "python",
    code: c("x = bytearray(1024 ** 3)"),
    limits: SMALL_MEMORY,
    expect: { status: "memory", error: /^MemoryError/ },
  },
  {
    name: "gradual allocation",
    language: "python",
    code: c("a = []\nwhile True:\n    a.append(bytearray(10 ** 6))"),
    limits: SMALL_MEMORY,
    expect: { status: "memory", error: /^MemoryError/ },
  },
  {
    name: "WASM memory growth by doubling",
    language: "python",
    code: c("x = b'x' * 10 ** 6\nwhile True:\n    x = x + x"),
    limits: SMALL_MEMORY,
    expect: { status: "memory", error: /^MemoryError/ },
  },
  // Host memory outside the WASM heap: refused by the worker's kernel bound (RLIMIT_DATA), not found late by the RSS poll.
  {
    name: "4 GiB ArrayBuffer made and touched through the FFI",
    language: "python",
    code: c(
      "from pyodide.ffi import to_js\nu8 = to_js(b'x')\nbig = u8.constructor.new(u8.buffer.constructor.new(4 * 1024 ** 3))\nbig.fill(1)",
    ),
    expect: {
      status: "memory",
      error: /^the job reached the worker's memory bound: JsException: RangeError: Array buffer allocation failed/,
    },
  },
  {
    name: "FFI copies kept outside the WASM heap",
    language: "python",
    code: c(
      "from pyodide.ffi import to_js\nchunk = bytes(64 * 2 ** 20)\nkept = []\nwhile True:\n    kept.append(to_js(chunk))",
    ),
    expect: { status: "memory", error: KERNEL_BOUND },
  },
  {
    name: "CPU spin",
    language: "python",
    code: c("while True:\n    pass"),
    limits: SHORT,
    expect: { status: "timeout", error: /wall time of 600 ms/ },
  },
  {
    name: "long sleep",
    language: "python",
    code: c("import time\ntime.sleep(100)"),
    limits: SHORT,
    expect: { status: "timeout", error: /wall time of 600 ms/ },
  },
  {
    name: "ReDoS",
    language: "python",
    reaches: "runtime",
    code: c("import re\nre.match(r'(a+)+$', 'a' * 64 + 'b')"),
    limits: SHORT,
    expect: { status: "timeout" },
  },
  {
    name: "TCP egress with socket",
    language: "python",
    code: (x) => `import socket\nsocket.create_connection(("127.0.0.1", ${x.listenerPort}), timeout=1)`,
    limits: SLOW_IMPORT,
    expect: { status: "error", error: /^OSError: \[Errno 23\] Host is unreachable \(line 2\)$/ },
  },
  {
    name: "HTTP egress with urllib",
    language: "python",
    code: (x) => `import urllib.request\nurllib.request.urlopen("http://127.0.0.1:${x.listenerPort}/", timeout=1)`,
    limits: SLOW_IMPORT,
    expect: { status: "error", error: /^URLError: <urlopen error \[Errno 23\] Host is unreachable>/ },
  },
  {
    name: "HTTP egress with pyodide.http.open_url",
    language: "python",
    code: (x) => `import pyodide.http\npyodide.http.open_url("http://127.0.0.1:${x.listenerPort}/")`,
    limits: SLOW_IMPORT,
    expect: { status: "error" },
  },
  {
    name: "DNS lookup resolves only to Emscripten's fake range",
    language: "python",
    code: c("import socket\nsocket.gethostbyname('example.com').startswith('172.29.')"),
    limits: SLOW_IMPORT,
    expect: { status: "ok", result: true },
  },
  {
    name: "read /etc/passwd",
    language: "python",
    code: c("open('/etc/passwd').read()"),
    expect: {
      status: "error",
      error: /^FileNotFoundError: \[Errno 44\] No such file or directory: '\/etc\/passwd' \(line 1\)$/,
    },
  },
  {
    name: "read /proc/1/environ",
    language: "python",
    code: c("open('/proc/1/environ').read()"),
    expect: { status: "error", error: /^FileNotFoundError: \[Errno 44\]/ },
  },
  {
    name: "environment holds no secret",
    language: "python",
    code: c("import os\nsorted(k for k in os.environ if 'SECRET' in k or 'TOKEN' in k)"),
    expect: { status: "ok", result: [] },
  },
  {
    name: "import js reaches nothing",
    language: "python",
    reaches: "runtime",
    code: c(
      "import js\n[n for n in ('process', 'require', 'fetch', 'globalThis', 'Function', 'eval') if hasattr(js, n)]",
    ),
    expect: { status: "ok", result: [] },
  },
  {
    name: "import pyodide_js",
    language: "python",
    reaches: "runtime",
    code: c("import pyodide_js"),
    expect: { status: "error", error: /^ModuleNotFoundError: No module named 'pyodide_js'/ },
  },
  {
    name: "importlib pyodide_js",
    language: "python",
    reaches: "runtime",
    code: c("import importlib\nimportlib.import_module('pyodide' + '_js')"),
    expect: { status: "error", error: /^ModuleNotFoundError/ },
  },
  {
    name: "FFI Function constructor",
    language: "python",
    reaches: "runtime",
    code: c("from pyodide.ffi import to_js\nto_js({}).constructor.constructor('return process')()"),
    expect: { status: "error", error: /EvalError: Code generation from strings disallowed/ },
  },
  {
    name: "FFI prototype pollution",
    language: "python",
    reaches: "runtime",
    code: c("from pyodide.ffi import to_js\nto_js({}).constructor.prototype.polluted = 1"),
    expect: { status: "error", error: /object is not extensible/ },
  },
  {
    name: "run_js",
    language: "python",
    reaches: "runtime",
    code: c("from pyodide.code import run_js\nrun_js('process.exit(1)')"),
    expect: { status: "error", error: /^ImportError: cannot import name 'eval' from 'js'/ },
  },
  {
    name: "builtins eval escape (as written)",
    language: "python",
    reaches: "runtime",
    code: c("vars(globals()['__buil'+'tins__'])['ev'+'al']('__import__(\"os\").listdir(\"/\")')"),
    expect: { status: "error", error: /^TypeError: vars\(\) argument must have __dict__ attribute/ },
  },
  {
    name: "builtins eval escape (working form) sees only the WASM filesystem",
    language: "python",
    code: c("sorted(globals()['__buil'+'tins__']['ev'+'al']('__import__(\"o\"+\"s\").listdir(\"/\")'))"),
    expect: { status: "ok", result: ["dev", "home", "lib", "proc", "tmp"] },
  },
  {
    name: "importlib os sees only the WASM OS",
    language: "python",
    code: c(
      "import importlib\nos = importlib.import_module('o' + 's')\n[os.path.exists(p) for p in ('/etc/passwd', '/work', '/app', '/usr')] + [os.getpid() == 42]",
    ),
    expect: { status: "ok", result: [false, false, false, false, true] },
  },
  {
    name: "os.system",
    language: "python",
    code: (x) => `import os\nos.system("touch ${x.hostProofPath}")`,
    expect: { status: "error", error: /^the Python runtime failed/ },
  },
  {
    name: "subprocess.run",
    language: "python",
    code: c("import subprocess\nsubprocess.run(['id'])"),
    expect: { status: "error", error: /^OSError: \[Errno 138\]/ },
  },
  {
    name: "kill the parent",
    language: "python",
    code: c("import os\nos.kill(os.getppid(), 9)"),
    expect: { status: "error", error: /^PermissionError: \[Errno 63\] Operation not permitted \(line 2\)$/ },
  },
  {
    name: "deep recursion",
    language: "python",
    reaches: "runtime",
    code: c("def f(n):\n    return f(n + 1)\nf(0)"),
    expect: { status: "error", error: /^RecursionError: maximum recursion depth exceeded/ },
  },
  {
    name: "deep recursion past the WASM stack",
    language: "python",
    reaches: "runtime",
    code: c("import sys\nsys.setrecursionlimit(10 ** 6)\ndef f(n):\n    return f(n + 1)\nf(0)"),
    expect: { status: "error", error: /^the Python runtime failed/ },
  },
  {
    name: "output flood",
    language: "python",
    code: c("while True:\n    print('x' * 79)"),
    expect: { status: "output_limit", stdout: `${"x".repeat(79)}\n`.repeat(820).slice(0, 65536) },
  },
  {
    name: "line flood",
    language: "python",
    code: c("while True:\n    print()"),
    expect: { status: "output_limit", stdout: "\n".repeat(1000) },
  },
  {
    name: "one giant line",
    language: "python",
    code: c("print('y' * 10 ** 7)"),
    limits: SMALL_OUTPUT,
    expect: { status: "output_limit", stdout: "y".repeat(4096) },
  },
  {
    name: "giant result",
    language: "python",
    reaches: "runtime",
    code: c("'z' * 10 ** 6"),
    limits: SMALL_OUTPUT,
    expect: { status: "output_limit", error: /result's JSON exceeds 4096 bytes/ },
  },
  {
    name: "write outside the scratch area",
    language: "python",
    code: c("open('/etc/evil', 'w').write('x')"),
    expect: { status: "error", error: /^FileNotFoundError: \[Errno 44\]/ },
  },
  {
    name: "write to /tmp stays in the WASM filesystem",
    language: "python",
    code: (x) => `open("${x.hostProofPath}", "w").write("x")`,
    expect: { status: "ok", result: 1 },
  },
  {
    name: "builtins changed in one job",
    language: "python",
    reaches: "runtime",
    code: c("import builtins\nbuiltins.print = None\nbuiltins.len = None\n1"),
    expect: { status: "ok", result: 1 },
  },
  {
    name: "pyodide_js._api left in sys.modules",
    language: "python",
    reaches: "runtime",
    code: c("import sys\nsys.modules['pyodide_js._api'].public_api._module.FS is not None"),
    expect: { status: "error", error: /^KeyError: 'pyodide_js._api'/ },
  },
  {
    name: "importlib pyodide_js._api",
    language: "python",
    reaches: "runtime",
    code: c("import importlib\nimportlib.import_module('pyodide_js._api').public_api._module.FS is not None"),
    expect: { status: "error", error: /^ModuleNotFoundError: No module named 'pyodide_js'/ },
  },
  {
    name: "Pyodide API by any route, forged JS references included",
    language: "python",
    reaches: "runtime",
    code: c(`${FIND_PYODIDE_API}\nfind_pyodide_api()`),
    expect: { status: "error", error: NO_API_ROUTE },
  },
  {
    name: "malformed IPC message written raw on fd 4",
    language: "python",
    code: c(`${FIND_PYODIDE_API}\n${IPC_BAD_MESSAGE}`),
    expect: { status: "error", error: NO_API_ROUTE },
  },
  {
    name: "2 GiB IPC message declared raw on fd 4",
    language: "python",
    code: c(`${FIND_PYODIDE_API}\n${IPC_HUGE_MESSAGE}`),
    limits: RAW_WRITES,
    expect: { status: "error", error: NO_API_ROUTE },
  },
  {
    name: "600 MiB frame without a newline raw on fd 3",
    language: "python",
    code: c(`${FIND_PYODIDE_API}\n${FRAME_FLOOD}`),
    limits: RAW_WRITES,
    expect: { status: "error", error: NO_API_ROUTE },
  },
  {
    name: "host folder mounted with mountNodeFS",
    language: "python",
    code: c(`${FIND_PYODIDE_API}\n${MOUNT_HOST_FOLDER}`),
    expect: { status: "error", error: NO_API_ROUTE },
  },
];

export const JAVASCRIPT_CASES: HostileCase[] = [
  {
    name: "CPU spin",
    language: "javascript",
    code: c("while (true) {}"),
    limits: SHORT,
    expect: { status: "timeout", error: /wall time of 600 ms/ },
  },
  {
    name: "async spin",
    language: "javascript",
    code: c("(async () => { for (;;) await null; })()"),
    limits: SHORT,
    expect: { status: "timeout", error: /wall time of 600 ms/ },
  },
  {
    name: "ReDoS",
    language: "javascript",
    code: c("/^(a+)+$/.test('a'.repeat(64) + 'b')"),
    limits: SHORT,
    expect: { status: "timeout" },
  },
  {
    name: "single huge allocation",
    language: "javascript",
    code: c("new ArrayBuffer(2 ** 30)"),
    limits: SMALL_MEMORY,
    expect: { status: "memory", error: /^InternalError: out of memory/ },
  },
  {
    name: "gradual allocation",
    language: "javascript",
    code: c("const a = []; for (;;) a.push(new Array(1e5).fill(1));"),
    limits: SMALL_MEMORY,
    expect: { status: "memory", error: /^InternalError: out of memory/ },
  },
  {
    name: "string doubling",
    language: "javascript",
    code: c("let s = 'x'; for (;;) s += s;"),
    limits: SMALL_MEMORY,
    expect: { status: "error", error: /^InternalError: string too long/ },
  },
  {
    name: "no WebAssembly to grow",
    language: "javascript",
    code: c("new WebAssembly.Memory({ initial: 1, maximum: 65536 })"),
    expect: { status: "error", error: /^ReferenceError: 'WebAssembly' is not defined/ },
  },
  {
    name: "constructor escape",
    language: "javascript",
    code: c("this.constructor.constructor('return process')()"),
    expect: { status: "error", error: /^ReferenceError: 'process' is not defined/ },
  },
  {
    name: "globalThis holds no host object",
    language: "javascript",
    code: c(
      "['process', 'require', 'fetch', 'XMLHttpRequest', 'WebSocket', 'Worker', 'setTimeout', 'std', 'os'].filter((n) => n in globalThis)",
    ),
    expect: { status: "ok", result: [] },
  },
  {
    name: "require",
    language: "javascript",
    code: c("require('child_process').execSync('id')"),
    expect: { status: "error", error: /^ReferenceError: 'require' is not defined/ },
  },
  {
    name: "fetch",
    language: "javascript",
    code: (x) => `fetch("http://127.0.0.1:${x.listenerPort}/")`,
    expect: { status: "error", error: /^ReferenceError: 'fetch' is not defined/ },
  },
  {
    name: "dynamic import",
    language: "javascript",
    code: c("import('node:child_process')"),
    expect: { status: "error" },
  },
  {
    name: "kill the parent",
    language: "javascript",
    code: c("process.kill(process.ppid, 'SIGKILL')"),
    expect: { status: "error", error: /^ReferenceError: 'process' is not defined/ },
  },
  {
    name: "worker bomb",
    language: "javascript",
    code: c("for (;;) new Worker('data:,')"),
    expect: { status: "error", error: /^ReferenceError: 'Worker' is not defined/ },
  },
  {
    name: "recursion bomb",
    language: "javascript",
    code: c("function bomb() { return [bomb(), bomb()]; } bomb()"),
    expect: { status: "error" },
  },
  {
    name: "output flood",
    language: "javascript",
    code: c("for (;;) console.log('x'.repeat(79))"),
    expect: { status: "output_limit", stdout: `${"x".repeat(79)}\n`.repeat(820).slice(0, 65536) },
  },
  {
    name: "one giant line",
    language: "javascript",
    code: c("console.log('y'.repeat(1e7))"),
    limits: SMALL_OUTPUT,
    expect: { status: "output_limit", stdout: "y".repeat(4096) },
  },
  {
    name: "promise that never settles",
    language: "javascript",
    code: c("new Promise(() => {})"),
    expect: { status: "error", error: /^Error: the job's promise never settled/ },
  },
  {
    name: "cyclic result",
    language: "javascript",
    code: c("const a = {}; a.self = a; a"),
    expect: { status: "error", error: /^ResultError: the result refers to itself \(circular reference\)$/ },
  },
  {
    name: "prototype pollution through data",
    language: "javascript",
    data: { list: [1] },
    code: c("data.__proto__.polluted = 1; Object.prototype.polluted"),
    expect: { status: "ok", result: 1 },
  },
  {
    name: "environment and secret unreachable",
    language: "javascript",
    code: c("JSON.stringify(Object.getOwnPropertyNames(globalThis))"),
    expect: { status: "ok" },
  },
  // The host reads the result without running job code (no toJSON, getter or Proxy trap) and never recurses on it.
  {
    name: "toJSON on Object.prototype cannot forge the reply",
    language: "javascript",
    code: c(
      "Object.prototype.toJSON = () => ({ error: { name: 'InternalError', message: 'out of memory' } }); ({ a: [1, 2] })",
    ),
    expect: { status: "ok", result: { a: [1, 2] } },
  },
  {
    name: "getter in the result is not run",
    language: "javascript",
    code: c("({ get x() { for (;;) {} } })"),
    limits: TRAP_NEVER_RUNS,
    expect: { status: "error", error: /^ResultError: .*getter/ },
  },
  {
    name: "Proxy in the result is not trapped",
    language: "javascript",
    code: c("[new Proxy({}, { ownKeys() { for (;;) {} } })]"),
    limits: TRAP_NEVER_RUNS,
    expect: { status: "error", error: /^ResultError: .*Proxy/ },
  },
  {
    name: "deeply nested result",
    language: "javascript",
    code: c("let a = []; for (let i = 0; i < 1e5; i++) a = [a]; a"),
    expect: { status: "error", error: /^ResultError: the result nests deeper than 64 levels/ },
  },
  {
    name: "200k nested rejected promises",
    language: "javascript",
    code: c("let p = 0; for (let i = 0; i < 2e5; i++) p = Promise.reject(p); p"),
    expect: { status: "error", error: /^Error: the job failed with a non-Error value \(object\)$/ },
  },
  // Microtask loops are timeouts of the wall time, and the worker that ran them is discarded.
  {
    name: "microtask loop beside a plain result",
    language: "javascript",
    code: c("(function loop() { Promise.resolve().then(loop); })(); 'done'"),
    limits: SHORT,
    expect: { status: "timeout", error: /wall time of 600 ms/ },
  },
  {
    name: "microtask loop under a pending promise",
    language: "javascript",
    code: c("(function loop() { Promise.resolve().then(loop); })(); new Promise(() => {})"),
    limits: SHORT,
    expect: { status: "timeout", error: /wall time of 600 ms/ },
  },
  ...JAVASCRIPT_DEPTH_CASES,
];

/** Two jobs each: the first plants state, the second (a fresh job) must see none of it. */
export const PERSISTENCE_CASES: Array<{
  name: string;
  language: Language;
  plant: string;
  probe: string;
  expected: unknown;
}> = [
  {
    name: "Python globals, modules, builtins and files",
    language: "python",
    plant:
      "import builtins, statistics\nbuiltins.LEAK = 42\nstatistics.mean = lambda xs: 'hijacked'\nleak = 1\nopen('/tmp/leak.txt', 'w').write('x')",
    probe:
      "import builtins, statistics, os\n[hasattr(builtins, 'LEAK'), statistics.mean([1, 2, 3]), 'leak' in globals(), os.path.exists('/tmp/leak.txt')]",
    expected: [false, 2, false, false],
  },
  {
    name: "Python sys.modules, sys.path, working directory and random state",
    language: "python",
    plant:
      "import sys, types, os, random\nsys.modules['planted'] = types.ModuleType('planted')\nsys.path.insert(0, '/tmp/planted')\nos.makedirs('/tmp/planted', exist_ok=True)\nos.chdir('/tmp/planted')\nrandom.seed(1234)",
    probe:
      "import sys, os, random\nfirst = random.random()\nrandom.seed(1234)\n['planted' in sys.modules, '/tmp/planted' in sys.path, os.getcwd(), first == random.random()]",
    expected: [false, false, "/home/pyodide", false],
  },
  {
    name: "JavaScript globals and prototypes",
    language: "javascript",
    plant:
      "globalThis.leak = 1; Array.prototype.evil = 1; Object.prototype.p = 2; var g = 3; JSON.parse = () => 'hijacked';",
    probe: "[typeof leak, typeof [].evil, typeof ({}).p, typeof g, JSON.parse('1')]",
    expected: ["undefined", "undefined", "undefined", "undefined", 1],
  },
  {
    name: "JavaScript intrinsics replaced and frozen",
    language: "javascript",
    plant:
      "Math.random = () => 4; Object.defineProperty(globalThis, 'planted', { value: 1, configurable: false }); Object.freeze(Array.prototype);",
    probe: "[Math.random() === 4, typeof planted, Object.isFrozen(Array.prototype)]",
    expected: [false, "undefined", false],
  },
];
