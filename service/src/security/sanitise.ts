const HTML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
/** Script-capable URL schemes, letters possibly split by whitespace or control characters ("java\tscript:"). */
const DANGEROUS_SCHEME =
  /\b(j[\s\x00-\x1f]*a[\s\x00-\x1f]*v[\s\x00-\x1f]*a[\s\x00-\x1f]*s[\s\x00-\x1f]*c[\s\x00-\x1f]*r[\s\x00-\x1f]*i[\s\x00-\x1f]*p[\s\x00-\x1f]*t|v[\s\x00-\x1f]*b[\s\x00-\x1f]*s[\s\x00-\x1f]*c[\s\x00-\x1f]*r[\s\x00-\x1f]*i[\s\x00-\x1f]*p[\s\x00-\x1f]*t|d[\s\x00-\x1f]*a[\s\x00-\x1f]*t[\s\x00-\x1f]*a)[\s\x00-\x1f]*:/gi;

/**
 * One string made inert in HTML: markup characters become entities and a `javascript:`,
 * `vbscript:` or `data:` scheme loses its colon, so a client pasting it into a page or an
 * href cannot run it.
 */
export function encodeHtml(text: string): string {
  return text
    .replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!)
    .replace(DANGEROUS_SCHEME, (_match, scheme: string) => `${scheme}&#58;`);
}

/** A deep copy of a JSON payload with every string (object keys included) HTML-encoded. */
export function sanitisePayload(value: unknown): unknown {
  if (typeof value === "string") return encodeHtml(value);
  if (Array.isArray(value)) return value.map(sanitisePayload);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [encodeHtml(key), sanitisePayload(item)]));
  }
  return value;
}
