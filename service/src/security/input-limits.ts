import type { Json } from "../engines/json.js";
import { pathOf, walkJson } from "./json-walk.js";

/** A string found in a request body, with where it was. */
export interface TextField {
  /** Dotted path from the body root, e.g. `items.3.input.expression`. */
  path: string;
  value: string;
}

/**
 * Every string in `value` (object keys excluded), depth first, with its path. Iterative (see
 * json-walk.ts): this runs on client input, whose nesting depth the client chooses.
 */
export function textFields(value: unknown): TextField[] {
  const fields: TextField[] = [];
  walkJson(value, (node) => {
    if (typeof node.value === "string") fields.push({ path: pathOf(node).join(".") || "(body)", value: node.value });
  });
  return fields;
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
