import type { MathNode } from "mathjs";
import { z } from "zod";
import { blockedFailure, defineEngine } from "../engine.js";
import type { Verdict } from "../verdict.js";
import { findAmbiguity, type Ambiguity } from "./ambiguity.js";
import { constantClaim, evaluateOnly, identityClaim } from "./claims.js";
import { evaluate } from "./evaluate.js";
import { math, parseTree } from "./instance.js";
import { CONSTANTS, MATH_LIMITS, SYMBOL_PATTERN } from "./limits.js";
import { screenExpression } from "./screen.js";
import { freeSymbols } from "./symbols.js";
import { fromBinding, formatNum, toBig } from "./value.js";
import { checkWhitelist } from "./whitelist.js";

const BINDING = /^-?(\d+(\.\d+)?([eE][+-]?\d{1,3})?|\d+\/[1-9]\d*)$/;

export const MathInputSchema = z.strictObject({
  /** A claim `lhs = rhs` (or `==`) or a bare expression; `**` and `^` are both power. Max 2000 chars. */
  expression: z.string().min(1).max(MATH_LIMITS.expressionChars),
  /** Values for symbols, substituted before checking: finite numbers or rational strings ("3/7", "-2.5"). Default: none. */
  context: z
    .record(
      z
        .string()
        .regex(SYMBOL_PATTERN)
        .refine((k) => !(CONSTANTS as readonly string[]).includes(k), "pi and e are constants"),
      z.union([z.number().finite(), z.string().regex(BINDING)]),
    )
    .optional(),
});
export type MathInput = z.input<typeof MathInputSchema>;

/** Verifies an arithmetic claim, an identity, or evaluates an expression, exactly where possible. */
export const verifyMath = defineEngine("math", MathInputSchema, async (input): Promise<Verdict> => {
  const sides = screenExpression(input.expression);
  const lhs = prepare(sides.lhs, input.context ?? {});
  const rhs = sides.rhs === null ? null : prepare(sides.rhs, input.context ?? {});
  const variables = [...new Set([...freeSymbols(lhs), ...(rhs ? freeSymbols(rhs) : [])])].sort();
  if (rhs === null) return evaluateOnly(lhs, variables);
  return variables.length === 0 ? constantClaim(lhs, rhs) : identityClaim(lhs, rhs, variables);
});

function prepare(text: string, context: Record<string, string | number>): MathNode {
  const tree = parseSide(text);
  checkWhitelist(tree);
  const ambiguity = findAmbiguity(tree);
  if (ambiguity !== null) throw ambiguous(ambiguity);
  return substitute(tree, context);
}

function parseSide(text: string): MathNode {
  try {
    return parseTree(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw blockedFailure("PARSE_ERROR", `cannot parse ${JSON.stringify(text.trim())}: ${detail}`);
  }
}

function substitute(tree: MathNode, context: Record<string, string | number>): MathNode {
  return tree.transform((node) => {
    if (!math.isSymbolNode(node) || !Object.hasOwn(context, node.name)) return node;
    const value = fromBinding(context[node.name]!);
    if (value.kind === "approx") return new math.ConstantNode(toBig(value));
    const frac = new math.OperatorNode("/", "divide", [constantNode(value.q.s * value.q.n), constantNode(value.q.d)]);
    return new math.ParenthesisNode(frac);
  });
}

const constantNode = (n: bigint) => new math.ConstantNode(math.bignumber(n.toString()));

function ambiguous(found: Ambiguity) {
  const readings = found.readings.map((reading) => ({ expression: reading, value: readingValue(reading) }));
  const warning = `"${found.text}" is ambiguous: implicit multiplication after a division can be read as ${readings
    .map((r) => `${r.expression} = ${r.value}`)
    .join(" or as ")}; add parentheses or an explicit "*"`;
  return blockedFailure("AMBIGUOUS", warning, { ambiguous: found.text, readings, warning });
}

function readingValue(reading: string): string {
  try {
    const tree = parseTree(reading);
    return freeSymbols(tree).length > 0 ? "depends on the variables" : formatNum(evaluate(tree, new Map()));
  } catch (error) {
    return error instanceof Error && "reason" in error ? String(error.reason) : "undetermined";
  }
}
