import { blockedFailure } from "../engine.js";
import { arityText, lookupOperator, type OperatorSpec } from "./operators.js";
import type { SExpr } from "./sexpr.js";

export type Sort = "Int" | "Real" | "Bool";
type Category = "bool" | "num" | "any";

export const VARIABLE_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
export const INT_LITERAL = /^-?\d+$/;
export const REAL_LITERAL = /^-?(\d+\.\d+|\d+\/\d*[1-9]\d*)$/;
const BOOL_LITERAL = /^(true|false)$/i;

type Uses = Map<string, Set<Category>>;

/**
 * Sorts of the free variables. Rule: a declaration wins; otherwise a variable used where a boolean
 * is required (connective argument, quantifier body, the whole formula) is Bool, and one used in
 * arithmetic or a comparison is Int (declare Real for reals). In EQ/NEQ an undeclared variable takes
 * the category of the other side when that side is a literal or an operator application; two
 * undeclared variables compared with each other default to Int.
 */
export function inferSorts(expr: SExpr, declared: Readonly<Record<string, Sort>>): Map<string, Sort> {
  const uses: Uses = new Map();
  visit(expr, "bool", new Set(), uses);
  const sorts = new Map<string, Sort>();
  for (const [name, categories] of uses) sorts.set(name, declared[name] ?? defaultSort(name, categories));
  return sorts;
}

function defaultSort(name: string, categories: Set<Category>): Sort {
  if (categories.has("bool") && categories.has("num")) {
    throw blockedFailure(
      "TYPE_ERROR",
      `variable ${name} is used both as a boolean and as a number; declare its sort or rename one use`,
    );
  }
  return categories.has("bool") ? "Bool" : "Int";
}

export function operatorOf(list: SExpr & { kind: "list" }): { head: string; spec: OperatorSpec } {
  const first = list.items[0];
  if (first === undefined || first.kind !== "atom")
    throw blockedFailure("PARSE_ERROR", `a list at ${list.pos} must start with an operator name`);
  const spec = lookupOperator(first.text);
  if (spec === undefined)
    throw blockedFailure(
      "UNKNOWN_OPERATOR",
      `unknown operator ${JSON.stringify(first.text)} at ${first.pos}; allowed: AND OR NOT IMPLIES IFF XOR FORALL EXISTS EQ NEQ GT LT GTE LTE PLUS MINUS MULT DIV MOD POW`,
    );
  const count = list.items.length - 1;
  if (count < spec.min || count > spec.max) {
    throw blockedFailure(
      "BAD_ARITY",
      `${first.text.toUpperCase()} at ${list.pos} takes ${arityText(spec)} argument(s); received ${count}`,
    );
  }
  return { head: first.text.toUpperCase(), spec };
}

function visit(expr: SExpr, expected: Category, bound: ReadonlySet<string>, uses: Uses): void {
  if (expr.kind === "atom") {
    noteAtom(expr.text, expected, bound, uses);
    return;
  }
  const { spec } = operatorOf(expr);
  const args = expr.items.slice(1);
  if (spec.kind === "quantifier") {
    visit(args[1]!, "bool", new Set([...bound, ...binderNames(args[0]!)]), uses);
    return;
  }
  if (spec.kind !== "equality") {
    for (const arg of args) visit(arg, spec.kind === "connective" ? "bool" : "num", bound, uses);
    return;
  }
  const [a, b] = args as [SExpr, SExpr];
  visit(a, categoryOf(b), bound, uses);
  visit(b, categoryOf(a), bound, uses);
}

function noteAtom(text: string, expected: Category, bound: ReadonlySet<string>, uses: Uses): void {
  if (INT_LITERAL.test(text) || REAL_LITERAL.test(text) || BOOL_LITERAL.test(text) || bound.has(text)) return;
  if (!VARIABLE_PATTERN.test(text) || lookupOperator(text) !== undefined) {
    throw blockedFailure(
      "PARSE_ERROR",
      `atom ${JSON.stringify(text)} is not a number, true/false or a variable name (a letter then letters, digits or _)`,
    );
  }
  const set = uses.get(text) ?? new Set<Category>();
  if (expected !== "any") set.add(expected);
  uses.set(text, set);
}

function categoryOf(expr: SExpr): Category {
  if (expr.kind === "atom")
    return BOOL_LITERAL.test(expr.text)
      ? "bool"
      : INT_LITERAL.test(expr.text) || REAL_LITERAL.test(expr.text)
        ? "num"
        : "any";
  const kind = lookupOperator(expr.items[0]?.kind === "atom" ? expr.items[0].text : "")?.kind;
  return kind === undefined ? "any" : kind === "arithmetic" ? "num" : "bool";
}

/** Names bound by `((x Int) (p Bool))`; the shape itself is checked when the term is built. */
export function binderNames(binders: SExpr): string[] {
  if (binders.kind !== "list") return [];
  return binders.items.flatMap((b) => (b.kind === "list" && b.items[0]?.kind === "atom" ? [b.items[0].text] : []));
}

export const isBoolLiteral = (text: string) => BOOL_LITERAL.test(text);
