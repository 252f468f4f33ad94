import type { Sort } from "./sorts.js";
import type { Term } from "./typed.js";

/**
 * A typed formula as SMT-LIB 2 text for Z3's own parser: no Z3 object is made on the JavaScript side,
 * so nothing is left for the garbage collector to free while a solver runs on Z3's thread (see
 * z3-runtime.ts). Every variable is renamed `v.<name>` (Z3 reads even a quoted `|distinct|` as its
 * built-in), so no variable can be taken for an SMT-LIB keyword or function; (get-value ...) answers in
 * the order asked, so the names never need reading back.
 */
export interface SmtScript {
  /** Declarations and the assertion, ending in (check-sat). */
  check: string;
  /** The free variables, sorted by name: the order (get-value ...) answers in. */
  free: string[];
}

const CONNECTIVES: Record<string, string> = { AND: "and", OR: "or", NOT: "not", IMPLIES: "=>", IFF: "=", XOR: "xor" };
const NUMERIC: Record<string, string> = {
  EQ: "=",
  NEQ: "distinct",
  GT: ">",
  LT: "<",
  GTE: ">=",
  LTE: "<=",
  PLUS: "+",
  MULT: "*",
  MINUS: "-",
  MOD: "mod",
  POW: "^",
};

const quoted = (name: string): string => `|v.${name}|`;

export function smtScript(term: Term, sorts: ReadonlyMap<string, Sort>): SmtScript {
  const free = [...sorts.keys()].sort();
  const declarations = free.map((name) => `(declare-const ${quoted(name)} ${sorts.get(name)!})`);
  return { check: `${declarations.join("\n")}\n(assert ${text(term)})\n(check-sat)`, free };
}

/** (get-value ...) for the free variables, in `free`'s order. */
export const getValues = (free: string[]): string => `(get-value (${free.map(quoted).join(" ")}))`;

function text(term: Term): string {
  switch (term.node) {
    case "literal":
      return literal(term);
    case "variable":
      return quoted(term.name);
    case "quantifier":
      return `(${term.op === "FORALL" ? "forall" : "exists"} (${term.binders.map(([n, s]) => `(${quoted(n)} ${s})`).join(" ")}) ${text(term.body)})`;
    case "apply":
      return apply(term);
  }
}

function apply(term: Term & { node: "apply" }): string {
  const logical =
    term.sort === "Bool" && term.args.every((a) => a.sort === "Bool") && term.op !== "EQ" && term.op !== "NEQ";
  if (logical) return `(${CONNECTIVES[term.op]!} ${term.args.map(text).join(" ")})`;
  // Int arguments next to a Real one (or a power, which is Real) are converted, as SMT-LIB's mixed arithmetic asks.
  const real = term.args.some((a) => a.sort === "Real" || (a.node === "apply" && a.op === "POW"));
  const args = term.args.map((a) => (real && a.sort === "Int" ? `(to_real ${text(a)})` : text(a)));
  const op = term.op === "DIV" ? (real ? "/" : "div") : NUMERIC[term.op]!;
  return `(${op} ${args.join(" ")})`;
}

/** Negative numbers are (- n) in SMT-LIB; a rational a/b is (/ a.0 b.0); booleans are lower case. */
function literal(term: Term & { node: "literal" }): string {
  if (term.sort === "Bool") return term.text;
  const negative = term.text.startsWith("-");
  const magnitude = negative ? term.text.slice(1) : term.text;
  const [num, den] = magnitude.split("/");
  const value = den === undefined ? magnitude : `(/ ${decimal(num!)} ${decimal(den)})`;
  return negative ? `(- ${value})` : value;
}

const decimal = (digits: string): string => (digits.includes(".") ? digits : `${digits}.0`);
