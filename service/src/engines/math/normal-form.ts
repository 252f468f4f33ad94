import type { MathNode } from "mathjs";
import { blockedFailure } from "../engine.js";
import { evaluate } from "./evaluate.js";
import { math } from "./instance.js";
import { MATH_LIMITS } from "./limits.js";
import { inverseArgument, knownValue } from "./known-values.js";
import { freeSymbols } from "./symbols.js";
import { addPoly, constPoly, isZeroPoly, mulPoly, polyKey, reducePoly, varPoly, type Poly } from "./poly.js";

/** num/den with polynomial parts; atoms (sin(..), sqrt(..), pi) are treated as independent variables. */
export type RatFn = { num: Poly; den: Poly };
/** Square rules collected while atoms are created: atom^2 -> polynomial (a true identity where defined). */
export type Rules = Map<string, Poly>;

const ONE = () => constPoly(math.fraction(1));
const constant = (c: ReturnType<typeof math.fraction>): RatFn => ({ num: constPoly(c), den: ONE() });
const atom = (name: string): RatFn => ({ num: varPoly(name), den: ONE() });
const reduce = (f: RatFn, rules: Rules): RatFn => ({ num: reducePoly(f.num, rules), den: reducePoly(f.den, rules) });

export const addRat = (a: RatFn, b: RatFn, sign = 1): RatFn => ({
  num: addPoly(mulPoly(a.num, b.den), mulPoly(b.num, a.den), math.fraction(sign)),
  den: mulPoly(a.den, b.den),
});
const mulRat = (a: RatFn, b: RatFn): RatFn => ({ num: mulPoly(a.num, b.num), den: mulPoly(a.den, b.den) });

function divRat(a: RatFn, b: RatFn): RatFn {
  if (isZeroPoly(b.num)) throw blockedFailure("DIVISION_BY_ZERO", "a divisor is identically zero");
  return { num: mulPoly(a.num, b.den), den: mulPoly(a.den, b.num) };
}

function powRat(base: RatFn, k: number, rules: Rules): RatFn {
  let out: RatFn = { num: ONE(), den: ONE() };
  for (let i = 0; i < Math.abs(k); i += 1) out = reduce(mulRat(out, base), rules);
  return k >= 0 ? out : divRat({ num: ONE(), den: ONE() }, out);
}

export const ratKey = (f: RatFn) =>
  polyKey(f.den) === "1" ? polyKey(f.num) : `(${polyKey(f.num)}) / (${polyKey(f.den)})`;

/** Normal form of a whitelisted tree; `rules` gains the square rules of the atoms it creates. */
export function normalForm(node: MathNode, rules: Rules): RatFn {
  if (math.isParenthesisNode(node)) return normalForm(node.content, rules);
  const value = constantValue(node);
  if (value !== null) return constant(value);
  if (math.isSymbolNode(node)) return atom(node.name);
  const inverse = inverseArgument(node);
  if (inverse !== null) return normalForm(inverse, rules);
  if (math.isFunctionNode(node))
    return reduce(
      functionForm(
        node.fn.name,
        node.args.map((a) => normalForm(a, rules)),
        rules,
      ),
      rules,
    );
  if (math.isOperatorNode(node)) return reduce(operatorForm(node, rules), rules);
  throw blockedFailure("UNSAFE_INPUT", `node ${node.type} has no symbolic form`);
}

/** An exact value when the subtree has no free symbols and evaluates exactly; null otherwise. */
function constantValue(node: MathNode): ReturnType<typeof math.fraction> | null {
  if (freeSymbols(node).length > 0) return null;
  try {
    const v = evaluate(node, new Map());
    return v.kind === "exact" ? v.q : null;
  } catch {
    return null;
  }
}

function operatorForm(node: MathNode & { fn: string; args: MathNode[] }, rules: Rules): RatFn {
  if (node.fn === "pow") return powerForm(node.args[0]!, node.args[1]!, rules);
  const args = node.args.map((a) => normalForm(a, rules));
  if (node.fn === "unaryMinus") return mulRat(constant(math.fraction(-1)), args[0]!);
  if (node.fn === "unaryPlus") return args[0]!;
  const combine = {
    add: (a: RatFn, b: RatFn) => addRat(a, b),
    subtract: (a: RatFn, b: RatFn) => addRat(a, b, -1),
    multiply: mulRat,
    divide: divRat,
  }[node.fn];
  if (combine === undefined) throw blockedFailure("UNSAFE_INPUT", `operator ${node.fn} has no symbolic form`);
  return args.slice(1).reduce(combine, args[0]!);
}

function powerForm(baseNode: MathNode, exponentNode: MathNode, rules: Rules): RatFn {
  const base = normalForm(baseNode, rules);
  const k = constantValue(exponentNode);
  if (k !== null && k.d === 1n && Math.abs(Number(k.n)) <= MATH_LIMITS.maxSymbolicExponent)
    return powRat(base, Number(k.s * k.n), rules);
  if (k !== null && k.equals(math.fraction(1, 2))) return functionForm("sqrt", [base], rules);
  if (k !== null && k.d === 1n)
    throw blockedFailure("TOO_COMPLEX", `symbolic exponents are limited to ${MATH_LIMITS.maxSymbolicExponent}`);
  return atom(`pow(${ratKey(base)}, ${ratKey(normalForm(exponentNode, rules))})`);
}

/** Rewrites tan/sec/csc/cot to sin and cos, logs to natural logs, and names everything else an atom. */
function functionForm(name: string, args: RatFn[], rules: Rules): RatFn {
  const [u] = args as [RatFn];
  const of = (fn: string) => fnAtom(fn, u, rules);
  const rewrites: Record<string, () => RatFn> = {
    tan: () => divRat(of("sin"), of("cos")),
    sec: () => divRat(constant(math.fraction(1)), of("cos")),
    csc: () => divRat(constant(math.fraction(1)), of("sin")),
    cot: () => divRat(of("cos"), of("sin")),
    ln: () => of("log"),
    log10: () => divRat(of("log"), logOf(10, rules)),
    log2: () => divRat(of("log"), logOf(2, rules)),
    log: () => (args.length === 2 ? divRat(of("log"), fnAtom("log", args[1]!, rules)) : of("log")),
  };
  return (rewrites[name] ?? (() => fnAtom(name, u, rules)))();
}

const logOf = (n: number, rules: Rules) => fnAtom("log", constant(math.fraction(n)), rules);

function fnAtom(name: string, u: RatFn, rules: Rules): RatFn {
  const known = knownValue(name, u);
  if (known !== null) return constant(known);
  const key = ratKey(u);
  const atomName = `${name}(${key})`;
  if (name === "sin")
    rules.set(atomName, addPoly(ONE(), mulPoly(varPoly(`cos(${key})`), varPoly(`cos(${key})`)), math.fraction(-1)));
  if (name === "sqrt" && polyKey(u.den) === "1") rules.set(atomName, u.num);
  return atom(atomName);
}

/** Whether lhs - rhs reduces to 0, with the reduced difference and the square rules used, for evidence. */
export function symbolicDifference(
  lhs: MathNode,
  rhs: MathNode,
): { zero: boolean; difference: string; rules: string[] } {
  const rules: Rules = new Map();
  const diff = reduce(addRat(normalForm(lhs, rules), normalForm(rhs, rules), -1), rules);
  const rulesText = [...rules.entries()].map(([name, p]) => `${name}^2 -> ${polyKey(p)}`).sort();
  return { zero: isZeroPoly(diff.num), difference: ratKey(diff), rules: rulesText };
}
