/**
 * Caps the growth of WebAssembly linear memory. Emscripten grows its heap by
 * calling `memory.grow()` from JavaScript, and swallows the failure: the C
 * allocator then returns NULL and the guest sees an ordinary out-of-memory
 * error (Python's MemoryError, QuickJS's "out of memory") instead of the host
 * process growing without bound.
 */
const WASM_PAGE_BYTES = 65536;
const MIB = 1024 * 1024;

let limitBytes = Number.POSITIVE_INFINITY;
let hit = false;

export function installMemoryCap(): void {
  const grow = WebAssembly.Memory.prototype.grow;
  Object.defineProperty(WebAssembly.Memory.prototype, "grow", {
    value: function cappedGrow(this: WebAssembly.Memory, pages: number): number {
      if (this.buffer.byteLength + pages * WASM_PAGE_BYTES > limitBytes) {
        hit = true;
        throw new RangeError("sandbox: memory limit reached");
      }
      return grow.call(this, pages);
    },
    writable: false,
    configurable: false,
  });
}

/** From now on no WASM memory may grow past `baseBytes` plus `allowanceMib`. */
export function capMemoryAt(baseBytes: number, allowanceMib: number): void {
  limitBytes = baseBytes + allowanceMib * MIB;
  hit = false;
}

/** True once a growth was refused since the last capMemoryAt. */
export function memoryCapHit(): boolean {
  return hit;
}
