import type { Fraction, MathNode } from "mathjs";
import { math } from "./instance.js";
import type { Poly } from "./poly.js";

/**
 * Exact facts the normal form uses before naming a function application an opaque atom: the values
 * of sin, cos, exp and log at 0, at integer multiples of pi and at 1 and e, and the inverse pairs
 * exp(log(u)) = u (where log(u) is defined, u > 0) and log(exp(u)) = u (every real u). With them
 * `exp(log(5)) = 5` and `sin(pi) = 0` are proved, not only agreed numerically.
 */

/** The argument of exp(log(u)) or log(exp(u)) (ln for log), parentheses looked through; null for anything else. */
export function inverseArgument(node: MathNode): MathNode | null {
  const fn = callOf(node);
  if (fn === null || fn.args.length !== 1) return null;
  const inner = callOf(fn.args[0]!);
  if (inner === null || inner.args.length !== 1) return null;
  const pair = `${fn.name}∘${inner.name === "ln" ? "log" : inner.name}`;
  return pair === "exp∘log" || pair === "log∘exp" || pair === "ln∘exp" ? inner.args[0]! : null;
}

function callOf(node: MathNode): { name: string; args: MathNode[] } | null {
  const bare = math.isParenthesisNode(node) ? node.content : node;
  return math.isFunctionNode(bare) ? { name: bare.fn.name, args: bare.args } : null;
}

/** Values at 0: sin 0 = 0, cos 0 = 1, exp 0 = 1. */
const AT_ZERO: Record<string, number> = { sin: 0, cos: 1, exp: 1 };

/** The exact value of name(u) for the arguments above (u one term over a constant, no variable but pi or e); null otherwise. */
export function knownValue(name: string, u: { num: Poly; den: Poly }): Fraction | null {
  const [den, ...moreDen] = [...u.den.values()];
  if (den === undefined || moreDen.length > 0 || den.mono.length > 0) return null;
  const terms = [...u.num.values()];
  if (terms.length === 0) return AT_ZERO[name] === undefined ? null : math.fraction(AT_ZERO[name]!);
  if (terms.length !== 1) return null;
  const mono = terms[0]!.mono;
  const c = terms[0]!.c.div(den.c);
  const only = mono.length === 0 ? "" : mono.length === 1 && mono[0]![1] === 1 ? mono[0]![0] : null;
  if (only === "pi" && (name === "sin" || name === "cos")) return atMultipleOfPi(name, c);
  if (name === "log" && c.equals(math.fraction(1)) && (only === "" || only === "e"))
    return math.fraction(only === "e" ? 1 : 0);
  return null;
}

/** sin and cos at c·pi for c an integer or a half-integer (c.n is the numerator's magnitude, c.s its sign). */
function atMultipleOfPi(name: "sin" | "cos", c: Fraction): Fraction | null {
  const parity = (k: bigint) => (k % 2n === 0n ? 1 : -1);
  if (c.d === 1n) return math.fraction(name === "sin" ? 0 : parity(c.n));
  if (c.d !== 2n) return null;
  // c = ±(2m+1)/2: sin is ±(-1)^m (odd), cos is 0.
  return math.fraction(name === "cos" ? 0 : Number(c.s) * parity((c.n - 1n) / 2n));
}
