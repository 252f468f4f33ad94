/** U+0000, or a surrogate without its pair (in `u` mode a pair is one code point). */
const UNSTORABLE = /\u0000|[\uD800-\uDFFF]/u;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "gu");

/**
 * `value` as JSON text a Postgres jsonb column accepts. jsonb refuses `\u0000` and unpaired
 * surrogate escapes outright (the insert fails), and JSON.stringify writes both; request text
 * is refused at the gateway (security/input-shape.ts), but verdicts also carry what the sandbox
 * returned or printed. Such characters, in strings and keys, are stored as U+FFFD instead.
 */
export function jsonbText(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "string") return storable(item);
    if (isPlainObject(item) && Object.keys(item).some((key) => UNSTORABLE.test(key))) {
      return Object.fromEntries(Object.entries(item).map(([key, member]) => [storable(key), member]));
    }
    return item;
  });
}

function storable(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, "\uFFFD") : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
