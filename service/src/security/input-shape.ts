import type { ApiErrorCode } from "./errors.js";
import { pathOf, walkJson, type JsonNode } from "./json-walk.js";

/**
 * Deepest nesting of arrays and objects a request part may have, counting the part itself.
 * Every walk after this check (schemas, canonical JSON, the cache key, the engines' zod
 * schemas, the HTML encoding of answers) recurses, so it must only ever see shallow input;
 * 64 is also the depth the sandbox allows a result (sandbox/worker/pythonRunner.ts).
 */
export const MAX_JSON_DEPTH = 64;

/** Leading path segments an error message shows; the rest of a deep path becomes "…". */
const SHOWN_SEGMENTS = 24;
/** Characters of a received string (or key) an error message shows. */
const SHOWN_CHARS = 40;
/** U+0000 (Postgres text refuses it) or a surrogate without its pair (in `u` mode a pair is one code point). */
const BAD_CHARACTER = /\u0000|[\uD800-\uDFFF]/u;

export interface ShapeProblem {
  code: Extract<ApiErrorCode, "NUMBER_NOT_FINITE" | "INPUT_TOO_DEEP" | "INVALID_TEXT">;
  message: string;
}

/**
 * The first value (in document order) of a parsed request part that no route can take, or
 * undefined. `part` names it as Fastify's validation messages do: body, params, querystring.
 * - A non-finite number: JSON.parse reads 1e400 as Infinity, which "any JSON" fields accept and
 *   no JSON encoder can write back.
 * - Nesting past MAX_JSON_DEPTH.
 * - Text (a value or a key) holding U+0000 or an unpaired surrogate: Postgres refuses the first,
 *   and both would be stored or hashed as something other than what was sent.
 */
export function firstShapeProblem(value: unknown, part: string): ShapeProblem | undefined {
  let problem: ShapeProblem | undefined;
  walkJson(value, (node) => {
    problem = keyProblem(node, part) ?? valueProblem(node, part);
    return problem === undefined;
  });
  return problem;
}

function valueProblem(node: JsonNode, part: string): ShapeProblem | undefined {
  const { value } = node;
  if (typeof value === "number" && !Number.isFinite(value)) {
    const message = `${where(node, part)}: received ${value} (a number literal beyond ±${Number.MAX_VALUE}, such as 1e400); allowed: finite numbers`;
    return { code: "NUMBER_NOT_FINITE", message };
  }
  if (typeof value === "string") return textProblem(value, where(node, part), "");
  if (value !== null && typeof value === "object" && node.depth >= MAX_JSON_DEPTH) {
    const message = `${where(node, part)}: received arrays and objects nested more than ${MAX_JSON_DEPTH} levels deep; allowed: at most ${MAX_JSON_DEPTH} levels (counting the ${part} itself); flatten the data`;
    return { code: "INPUT_TOO_DEEP", message };
  }
  return undefined;
}

/** An object key is checked like text, and reported at the object holding it. */
function keyProblem(node: JsonNode, part: string): ShapeProblem | undefined {
  if (typeof node.key !== "string" || node.parent === undefined) return undefined;
  return textProblem(node.key, where(node.parent, part), "the key ");
}

function textProblem(text: string, at: string, what: string): ShapeProblem | undefined {
  const found = BAD_CHARACTER.exec(text);
  if (!found) return undefined;
  const character =
    found[0] === "\u0000" ? "U+0000" : `an unpaired surrogate U+${found[0].charCodeAt(0).toString(16).toUpperCase()}`;
  const message = `${at}: received ${what}${shownText(text)}, which holds ${character} at index ${found.index}; allowed: text without U+0000 whose surrogates are all paired (well-formed Unicode)`;
  return { code: "INVALID_TEXT", message };
}

/** `body/claim/expected`, cut after SHOWN_SEGMENTS segments of SHOWN_CHARS each. */
function where(node: JsonNode, part: string): string {
  const segments = pathOf(node);
  const shownSegments = segments.slice(0, SHOWN_SEGMENTS).map((segment) => clip(segment));
  return [part, ...shownSegments, ...(segments.length > SHOWN_SEGMENTS ? ["…"] : [])].join("/");
}

/** A received string as JSON (control characters and lone surrogates escaped), cut to SHOWN_CHARS. */
export function shownText(text: string): string {
  return JSON.stringify(text.slice(0, SHOWN_CHARS)) + (text.length > SHOWN_CHARS ? "…" : "");
}

function clip(text: string): string {
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}
