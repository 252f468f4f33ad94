import { blockedFailure } from "../engine.js";
import type { SExpr } from "./sexpr.js";
import { INT_LITERAL, REAL_LITERAL, VARIABLE_PATTERN, isBoolLiteral, operatorOf, type Sort } from "./sorts.js";

/** A sort-checked formula, ready to be handed to the solver. */
export type Term = { sort: Sort } & (
  | { node: "literal"; text: string }
  | { node: "variable"; name: string }
  | { node: "apply"; op: string; args: Term[] }
  | { node: "quantifier"; op: "FORALL" | "EXISTS"; binders: Array<[string, Sort]>; body: Term }
);

const SORTS: Record<string, Sort> = { int: "Int", real: "Real", bool: "Bool" };
const isNumeric = (t: Term) => t.sort !== "Bool";
const numericSort = (args: Term[]): Sort => (args.some((a) => a.sort === "Real") ? "Real" : "Int");

const typeError = (what: string) => blockedFailure("TYPE_ERROR", what);

/** Builds the typed formula; the whole expression must be Bool. */
export function buildFormula(expr: SExpr, scope: ReadonlyMap<string, Sort>): Term {
  const term = build(expr, scope);
  if (term.sort !== "Bool")
    throw typeError(`the formula is a ${term.sort} term, not a boolean; compare it, e.g. (EQ ... 0)`);
  return term;
}

function build(expr: SExpr, scope: ReadonlyMap<string, Sort>): Term {
  if (expr.kind === "atom") return atomTerm(expr.text, scope);
  const { head, spec } = operatorOf(expr);
  const rest = expr.items.slice(1);
  if (spec.kind === "quantifier") return quantifier(head as "FORALL" | "EXISTS", rest[0]!, rest[1]!, scope);
  const args = rest.map((arg) => build(arg, scope));
  if (spec.kind === "connective")
    return requireAll(head, args, (a) => a.sort === "Bool", "boolean", { sort: "Bool", node: "apply", op: head, args });
  if (spec.kind === "comparison")
    return requireAll(head, args, isNumeric, "numeric", { sort: "Bool", node: "apply", op: head, args });
  if (spec.kind === "equality") return equality(head, args as [Term, Term]);
  return arithmetic(head, args);
}

function atomTerm(text: string, scope: ReadonlyMap<string, Sort>): Term {
  if (isBoolLiteral(text)) return { sort: "Bool", node: "literal", text: text.toLowerCase() };
  if (INT_LITERAL.test(text)) return { sort: "Int", node: "literal", text };
  const sort = scope.get(text);
  if (sort !== undefined) return { sort, node: "variable", name: text };
  if (REAL_LITERAL.test(text)) return { sort: "Real", node: "literal", text };
  throw blockedFailure(
    "PARSE_ERROR",
    `atom ${JSON.stringify(text)} is not a number, true/false or a variable in scope`,
  );
}

function requireAll(head: string, args: Term[], ok: (t: Term) => boolean, what: string, term: Term): Term {
  const bad = args.findIndex((a) => !ok(a));
  if (bad >= 0) throw typeError(`argument ${bad + 1} of ${head} must be ${what}; received a ${args[bad]!.sort} term`);
  return term;
}

function equality(head: string, [a, b]: [Term, Term]): Term {
  if (isNumeric(a) !== isNumeric(b))
    throw typeError(`${head} compares a ${a.sort} with a ${b.sort}; declare the variables' sorts so both sides match`);
  return { sort: "Bool", node: "apply", op: head, args: [a, b] };
}

function arithmetic(head: string, args: Term[]): Term {
  requireAll(head, args, isNumeric, "numeric", args[0]!);
  const sort = head === "POW" ? "Real" : numericSort(args);
  if (head === "MOD" && sort !== "Int") throw typeError("MOD takes Int arguments only");
  if ((head === "DIV" || head === "MOD") && args[1]!.node === "literal" && /^-?0+(\.0+)?$/.test(args[1]!.text)) {
    throw blockedFailure("DIVISION_BY_ZERO", `${head} by the literal 0`);
  }
  return { sort, node: "apply", op: head, args };
}

function quantifier(
  op: "FORALL" | "EXISTS",
  bindersExpr: SExpr,
  bodyExpr: SExpr,
  scope: ReadonlyMap<string, Sort>,
): Term {
  const binders = parseBinders(op, bindersExpr);
  const inner = new Map(scope);
  for (const [name, sort] of binders) inner.set(name, sort);
  const body = build(bodyExpr, inner);
  if (body.sort !== "Bool") throw typeError(`the body of ${op} must be boolean`);
  return { sort: "Bool", node: "quantifier", op, binders, body };
}

function parseBinders(op: string, expr: SExpr): Array<[string, Sort]> {
  const usage = `${op} binders are written ((x Int) (y Real)); sorts: Int, Real, Bool`;
  if (expr.kind !== "list" || expr.items.length === 0) throw blockedFailure("PARSE_ERROR", usage);
  return expr.items.map((b) => {
    const [name, sort] = b.kind === "list" && b.items.length === 2 ? b.items : [];
    const resolved = sort?.kind === "atom" ? SORTS[sort.text.toLowerCase()] : undefined;
    if (name?.kind !== "atom" || !VARIABLE_PATTERN.test(name.text) || resolved === undefined)
      throw blockedFailure("PARSE_ERROR", usage);
    return [name.text, resolved];
  });
}
