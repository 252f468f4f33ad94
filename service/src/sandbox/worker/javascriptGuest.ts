/**
 * Guest-side code run in every fresh QuickJS context before the job. It takes
 * the host's write function, the data JSON text and the output cap, installs
 * `console` and `data`, and returns two functions for the host:
 *
 * - `describe(thrown)` → [name, message, stack] strings of a thrown value. It
 *   uses only functions captured here, before job code could replace them,
 *   and reads only own data properties of a real Error (Error.isError looks at
 *   the object's class, and an Error is never a Proxy), so no job code runs:
 *   no getter, no trap, no patched prototype. Anything else thrown is named
 *   by its type alone.
 * - `pick(completion)` → the job's `result` binding if defined, else its
 *   completion value. This is an ordinary lookup: a getter the job put on
 *   that name runs, as job code, under the job's limits.
 *
 * The result itself is read by the host (javascriptResult.ts), never here.
 */
export const GUEST_PRELUDE = String.raw`(function (write, dataJson, cap) {
  "use strict";
  const stringify = JSON.stringify, parse = JSON.parse, str = String;
  const show = (v) => { if (typeof v === "string") return v; try { const s = stringify(v); return s === undefined ? str(v) : s; } catch { return str(v); } };
  const emit = (...args) => { const line = args.map(show).join(" ") + "\n"; write(line.length > cap ? line.slice(0, cap) : line); };
  globalThis.console = Object.freeze({ log: emit, info: emit, warn: emit, error: emit, debug: emit });
  globalThis.data = parse(dataJson);
  const isError = Error.isError, own = Object.getOwnPropertyDescriptor, hasOwn = Object.hasOwn, protoOf = Object.getPrototypeOf;
  const apply = Reflect.apply, slice = String.prototype.slice;
  const natives = [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, InternalError, AggregateError];
  const protos = [], names = [];
  for (let i = 0; i < natives.length; i++) { protos[i] = natives[i].prototype; names[i] = natives[i].name; }
  const cut = (s) => apply(slice, s, [0, 2000]);
  const text = (o, k) => { const d = own(o, k); return d !== undefined && hasOwn(d, "value") && typeof d.value === "string" ? cut(d.value) : ""; };
  const nativeName = (e) => { const p = protoOf(e); for (let i = 0; i < protos.length; i++) if (protos[i] === p) return names[i]; return "Error"; };
  const describe = (e) => {
    if (isError(e)) return [text(e, "name") || nativeName(e), text(e, "message"), text(e, "stack")];
    if (e !== null && (typeof e === "object" || typeof e === "function")) return ["Error", "the job failed with a non-Error value (" + typeof e + ")", ""];
    return ["", cut(str(e)), ""];
  };
  const pick = (completion) => (typeof result !== "undefined" ? result : completion);
  return [describe, pick];
})`;

/** A thrown value as describe() reports it; an empty name means a thrown primitive. */
export interface GuestError {
  name: string;
  message: string;
  stack: string;
}

const MAX_ERROR_CHARS = 500;

/** "Name: message (line N)", or a thrown primitive's text, bounded in length. */
export function guestError(error: GuestError): string {
  const text = (error.name ? `${error.name}: ${error.message}` : error.message).slice(0, MAX_ERROR_CHARS);
  const line = /job\.js:(\d+)/.exec(error.stack)?.[1];
  return line ? `${text} (line ${line})` : text;
}
