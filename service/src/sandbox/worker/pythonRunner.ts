/**
 * Python side of a job, installed once per worker in a private namespace.
 * `sandbox_run(code, data_json)` runs the code in a fresh `__main__`-like
 * dict and returns JSON text `{status, result, error}`; it never hands a JS
 * object to Python or a Python object to JS, only strings cross.
 */
export const PYTHON_RUNNER = String.raw`
import json as _json, math as _math, random as _random, sys as _sys, traceback as _traceback
from pyodide.code import eval_code as _eval_code


_MAX_DEPTH = 64
_MAX_ERROR_CHARS = 500


def _jsonable(value, depth=0):
    if depth > _MAX_DEPTH:
        raise ValueError("the result nests deeper than 64 levels")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if _math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return [_jsonable(v, depth + 1) for v in sorted(value, key=repr)]
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, depth + 1) for v in value]
    return repr(value)


def _describe(exc):
    try:
        text = f"{type(exc).__name__}: {exc}"
    except BaseException:
        text = type(exc).__name__
    lines = [f.lineno for f in _traceback.extract_tb(exc.__traceback__) if f.filename == "<job>"]
    where = f" (line {lines[-1]})" if lines else ""
    return text[:_MAX_ERROR_CHARS] + where


def _flush():
    for stream in (_sys.stdout, _sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass


def _failure(exc):
    status = "memory" if isinstance(exc, MemoryError) else "error"
    return _json.dumps({"status": status, "error": _describe(exc)})


def sandbox_run(code, data_json):
    # Every job starts from the same memory, random module state included: without a reseed
    # from os.urandom every job would draw the same "random" numbers.
    _random.seed()
    scope = {"__name__": "__main__", "data": _json.loads(data_json)}
    try:
        value = _eval_code(code, scope, filename="<job>")
        return _json.dumps({"status": "ok", "result": _jsonable(value)}, allow_nan=False)
    except BaseException as exc:
        return _failure(exc)
    finally:
        _flush()


# Everything loaded so far (the preloaded stdlib, this runner) lives as long as the worker: moved
# out of the collector's generations, a job's collections scan only what the job allocated
# (unfrozen, a full collection over the stdlib's objects cost several ms in a job).
import gc as _gc
_gc.collect()
_gc.freeze()
`;

/** Run WARMUP_ROUNDS times before the worker reports ready, so the first job finds compiled, warm code paths. */
export const PYTHON_WARMUP: readonly string[] = [
  "import statistics, json\nprint(statistics.mean([1, 2]), json.dumps({}))\n[1][0]",
  "import statistics\nstatistics.mean(data)",
  "def f(xs):\n    return {str(x): [x * 2.5, x // 2, x % 3] for x in xs if x}\nf(data)",
  "total = 0\nfor i in range(200):\n    total += i * i\nprint(total, sorted(set(data)), max(data))\n(total, 'x'.join(map(str, data)))",
  "undefined_name",
];
export const WARMUP_ROUNDS = 6;

/** Imported while the memory snapshot is made, so every job starts with them loaded. */
export const PYTHON_PRELOAD =
  "import statistics, json, math, random, re, collections, itertools, functools, decimal, fractions, datetime, string, heapq, bisect, operator";
