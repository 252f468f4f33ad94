/**
 * Runs after the runtime has loaded and before any guest code: freezes the
 * JavaScript intrinsics so that guest code which reached a JS object (Pyodide
 * converts Python values to JS objects on request) cannot pollute prototypes
 * into gadgets against the worker's own code, and removes `process` and
 * `require` from the global scope. Error stays extensible-but-sealed because
 * V8 and Pyodide write Error.stackTraceLimit. Freezing a prototype makes its
 * data properties unassignable on instances too (`err.name = ...` throws in
 * strict code: the "override mistake"), so the few that libraries assign are
 * first turned into accessors that define the property on the instance.
 */
const FROZEN = [
  "Object",
  "Function",
  "Array",
  "String",
  "Number",
  "Boolean",
  "Symbol",
  "BigInt",
  "Promise",
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "WeakRef",
  "RegExp",
  "Date",
  "JSON",
  "Math",
  "Reflect",
  "Proxy",
  "ArrayBuffer",
  "SharedArrayBuffer",
  "DataView",
  "Atomics",
  "WebAssembly",
  "TextEncoder",
  "TextDecoder",
  "Uint8Array",
  "Int8Array",
  "Uint16Array",
  "Int16Array",
  "Uint32Array",
  "Int32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
  "Uint8ClampedArray",
  "TypeError",
  "RangeError",
  "SyntaxError",
  "ReferenceError",
  "EvalError",
  "URIError",
  "AggregateError",
] as const;

const REMOVED_GLOBALS = ["process", "require", "module", "exports", "Buffer", "global", "gc"] as const;

const OVERRIDABLE: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["Object", ["toString", "valueOf", "constructor", "toLocaleString"]],
  ["Error", ["name", "message", "toString", "constructor"]],
  ...["TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError"].map(
    (name) => [name, ["name", "message", "constructor"]] as const,
  ),
];

export function lockdown(): void {
  const globals = globalThis as unknown as Record<string, unknown>;
  for (const [owner, names] of OVERRIDABLE) {
    const prototype = (globals[owner] as { prototype: object }).prototype;
    for (const name of names) enableOverride(prototype, name);
  }
  for (const name of FROZEN) freezeWithPrototype(globals[name]);
  freezeWithPrototype(Object.getPrototypeOf(Uint8Array));
  freezeWithPrototype(WebAssembly.Memory);
  freezeWithPrototype(WebAssembly.Instance);
  freezeWithPrototype(WebAssembly.Module);
  Object.seal(Error);
  Object.freeze(Error.prototype);
  for (const name of REMOVED_GLOBALS) Reflect.deleteProperty(globalThis, name);
}

function freezeWithPrototype(value: unknown): void {
  if ((typeof value !== "function" && typeof value !== "object") || value === null) return;
  Object.freeze(value);
  const prototype = (value as { prototype?: unknown }).prototype;
  if (typeof prototype === "object" && prototype !== null) Object.freeze(prototype);
}

/** Replaces a data property of a prototype by an accessor whose setter shadows it on the instance. */
function enableOverride(prototype: object, name: string): void {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
  if (!descriptor || !("value" in descriptor)) return;
  const value: unknown = descriptor.value;
  Object.defineProperty(prototype, name, {
    get: () => value,
    set(this: object, next: unknown) {
      if (this === prototype) throw new TypeError(`sandbox: ${name} of a frozen prototype cannot change`);
      Object.defineProperty(this, name, { value: next, writable: true, enumerable: true, configurable: true });
    },
    enumerable: descriptor.enumerable ?? false,
    configurable: false,
  });
}
