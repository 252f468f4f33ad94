import { blockedFailure } from "../engine.js";

/** A parsed S-expression; `pos` is the character offset of its first token, for error messages. */
export type SExpr = { kind: "atom"; text: string; pos: number } | { kind: "list"; items: SExpr[]; pos: number };

export const SEXPR_LIMITS = { maxChars: 10_000, maxTokens: 5_000, maxDepth: 100 } as const;

type Token = { text: string; pos: number };

const ATOM_CHARS = /^[A-Za-z0-9_.\-/]+$/;

/** Splits into `(`, `)` and atoms; any character outside the atom alphabet is a parse error. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/[()]|[^\s()]+/g)) {
    const token = { text: match[0], pos: match.index };
    if (token.text !== "(" && token.text !== ")" && !ATOM_CHARS.test(token.text)) {
      throw blockedFailure(
        "PARSE_ERROR",
        `token ${JSON.stringify(token.text)} at ${token.pos} is not allowed; atoms use letters, digits and _ . - /`,
        { position: token.pos },
      );
    }
    tokens.push(token);
  }
  if (tokens.length > SEXPR_LIMITS.maxTokens)
    throw blockedFailure("TOO_COMPLEX", `more than ${SEXPR_LIMITS.maxTokens} tokens`);
  return tokens;
}

/** Parses exactly one expression; unbalanced parentheses and trailing tokens are parse errors. */
export function parseSExpr(text: string): SExpr {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw blockedFailure("PARSE_ERROR", "the expression is empty; write e.g. (AND p q)");
  const cursor = { at: 0 };
  const expr = readExpr(tokens, cursor, 0);
  const extra = tokens[cursor.at];
  if (extra !== undefined) {
    const what =
      extra.text === ")" ? "unbalanced ')'" : `unexpected ${JSON.stringify(extra.text)} after the expression`;
    throw blockedFailure("PARSE_ERROR", `${what} at ${extra.pos}; write one expression`, { position: extra.pos });
  }
  return expr;
}

function readExpr(tokens: Token[], cursor: { at: number }, depth: number): SExpr {
  if (depth > SEXPR_LIMITS.maxDepth)
    throw blockedFailure("TOO_COMPLEX", `nesting deeper than ${SEXPR_LIMITS.maxDepth}`);
  const token = tokens[cursor.at++]!;
  if (token.text === ")")
    throw blockedFailure("PARSE_ERROR", `unbalanced ')' at ${token.pos}`, { position: token.pos });
  if (token.text !== "(") return { kind: "atom", text: token.text, pos: token.pos };
  const items: SExpr[] = [];
  for (;;) {
    const next = tokens[cursor.at];
    if (next === undefined)
      throw blockedFailure("PARSE_ERROR", `unbalanced '(' at ${token.pos}: missing ')'`, { position: token.pos });
    if (next.text === ")") break;
    items.push(readExpr(tokens, cursor, depth + 1));
  }
  cursor.at += 1;
  return { kind: "list", items, pos: token.pos };
}
