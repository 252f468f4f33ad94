import type { Json } from "../engines/json.js";

/** A string found in a request body, with where it was. */
export interface TextField {
  /** Dotted path from the body root, e.g. `items.3.input.expression`. */
  path: string;
  value: string;
}

/** Every string in `value` (object keys excluded), depth first, with its path. */
export function textFields(value: unknown, path = ""): TextField[] {
  if (typeof value === "string") return [{ path: path || "(body)", value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => textFields(item, join(path, String(i))));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => textFields(item, join(path, key)));
  }
  return [];
}

export interface TooLong {
  field: string;
  length: number;
  maxChars: number;
}

/** The first field over `maxChars` characters (code points, so an emoji counts once), if any. */
export function firstTooLong(fields: readonly TextField[], maxChars: number): TooLong | undefined {
  for (const field of fields) {
    if (field.value.length <= maxChars) continue;
    const length = [...field.value].length;
    if (length > maxChars) return { field: field.path, length, maxChars };
  }
  return undefined;
}

export function tooLongEvidence(found: TooLong): { [key: string]: Json } {
  return { layer: "input_limit", field: found.field, length: found.length, max_chars: found.maxChars };
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
