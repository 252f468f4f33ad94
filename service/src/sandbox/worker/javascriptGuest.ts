/**
 * Guest-side code run in every fresh QuickJS context before the job. It takes
 * the host's write function, the data JSON text and the output cap, installs
 * `console` and `data`, removes its own traces, and returns `finish`, which
 * turns the job's value (or its `result` binding) into JSON text inside the
 * guest, so the host only ever reads one string.
 */
export const GUEST_PRELUDE = String.raw`(function (write, dataJson, cap) {
  const stringify = JSON.stringify, parse = JSON.parse, str = String;
  const show = (v) => { if (typeof v === "string") return v; try { const s = stringify(v); return s === undefined ? str(v) : s; } catch { return str(v); } };
  const emit = (...args) => { const line = args.map(show).join(" ") + "\n"; write(line.length > cap ? line.slice(0, cap) : line); };
  globalThis.console = Object.freeze({ log: emit, info: emit, warn: emit, error: emit, debug: emit });
  globalThis.data = parse(dataJson);
  const explain = (e) => ({ name: e && e.name ? str(e.name) : "Error", message: e && e.message !== undefined ? str(e.message) : str(e), stack: e && e.stack ? str(e.stack) : "" });
  return function finish(value) {
    try {
      if (typeof result !== "undefined") value = result;
      const json = stringify(value === undefined ? null : value);
      // Cut, not parsed, here: the host sees the length and reports output_limit.
      return { json: json === undefined ? "null" : json.length > cap ? json.slice(0, cap) : json };
    } catch (e) { return { error: explain(e) }; }
  };
})`;

export interface GuestError {
  name?: string;
  message?: string;
  stack?: string;
}

const MAX_ERROR_CHARS = 500;

/** "Name: message (line N)" from a dumped QuickJS error, bounded in length. */
export function guestError(error: GuestError | string): string {
  if (typeof error !== "object" || error === null) return String(error).slice(0, MAX_ERROR_CHARS);
  const text = `${error.name ?? "Error"}: ${error.message ?? ""}`.slice(0, MAX_ERROR_CHARS);
  const line = /job\.js:(\d+)/.exec(error.stack ?? "")?.[1];
  return line ? `${text} (line ${line})` : text;
}
