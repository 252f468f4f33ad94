import { blockedFailure } from "../engine.js";
import { MATH_LIMITS } from "./limits.js";

/** Characters an expression may contain; anything else (quotes, brackets, `;`, `_`, `.` chains) is refused unread. */
const ALLOWED = /^[0-9A-Za-z\s+\-*/^().,=]*$/;
const LITERAL_EXPONENT = /(?:\d+\.?\d*|\.\d+)[eE][+-]?(\d+)/g;

/** A claim split at its one `=` (or `==`), or a bare expression (`rhs` null). */
export type Sides = { lhs: string; rhs: string | null };

/** Lexical screen before any parsing: character whitelist, `**` as `^`, one `=`, literal sizes. */
export function screenExpression(raw: string): Sides {
  const text = raw.replace(/×/g, "*").replace(/÷/g, "/").replace(/−/g, "-");
  const bad = [...text].findIndex((ch) => !ALLOWED.test(ch));
  if (bad >= 0) {
    throw blockedFailure(
      "UNSAFE_INPUT",
      `character ${JSON.stringify(text[bad])} at position ${bad} is not allowed; allowed: digits, letters, spaces and + - * / ^ ** ( ) . , =`,
      { position: bad },
    );
  }
  checkLiteralExponents(text);
  return splitClaim(text.replace(/\*\*/g, "^").replace(/==/g, "="));
}

function checkLiteralExponents(text: string): void {
  for (const match of text.matchAll(LITERAL_EXPONENT)) {
    if (Number(match[1]) > MATH_LIMITS.maxLiteralExponent) {
      throw blockedFailure(
        "RESULT_TOO_LARGE",
        `literal ${match[0]} has an exponent over ${MATH_LIMITS.maxLiteralExponent}`,
      );
    }
  }
}

function splitClaim(text: string): Sides {
  const parts = text.split("=");
  if (parts.length > 2) {
    throw blockedFailure("PARSE_ERROR", `a claim has exactly one "=" (or "=="); received ${parts.length - 1}`);
  }
  const [lhs = "", rhs] = parts;
  if (lhs.trim() === "" || (rhs !== undefined && rhs.trim() === "")) {
    throw blockedFailure("PARSE_ERROR", 'both sides of "=" must be non-empty, as in "2+2 = 4"');
  }
  return { lhs, rhs: rhs ?? null };
}
