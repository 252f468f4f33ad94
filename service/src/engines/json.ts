import { createHash } from "node:crypto";

/** A JSON value: the only shape evidence may take, so a proof hash is always reproducible. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Thrown when a value cannot be written as canonical JSON (non-finite number, undefined, function). */
export class CanonicalJsonError extends Error {
  readonly code = "CANONICAL_JSON_INVALID";
  constructor(
    readonly path: string,
    received: string,
  ) {
    super(
      `evidence${path}: ${received} is not JSON; allowed: null, boolean, finite number, string, array, plain object`,
    );
  }
}

/** JSON with object keys sorted recursively (by UTF-16 code units) and no whitespace. */
export function canonicalJson(value: Json): string {
  return encode(value, "");
}

function encode(value: Json, path: string): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new CanonicalJsonError(path, String(value));
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item, i) => encode(item, `${path}[${i}]`)).join(",")}]`;
  if (typeof value === "object") return encodeObject(value, path);
  throw new CanonicalJsonError(path, typeof value);
}

function encodeObject(value: { [key: string]: Json }, path: string): string {
  const keys = Object.keys(value).sort();
  const parts = keys.map((key) => `${JSON.stringify(key)}:${encode(value[key] as Json, `${path}.${key}`)}`);
  return `{${parts.join(",")}}`;
}

/** `"sha256:" + hex sha256` of the canonical JSON of `evidence`. */
export function proofRef(evidence: Json): string {
  return `sha256:${createHash("sha256").update(canonicalJson(evidence), "utf8").digest("hex")}`;
}
