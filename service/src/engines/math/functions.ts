import type { BigNumber } from "mathjs";
import { blockedFailure } from "../engine.js";
import { divide, power } from "./arith.js";
import { math } from "./instance.js";
import { MATH_LIMITS } from "./limits.js";
import { exactRoot } from "./roots.js";
import { approx, exact, sign, toBig, type Num } from "./value.js";

type Unary = (x: Num) => Num;

const ZERO = () => exact(math.fraction(0));
const ONE = () => exact(math.fraction(1));
const isExactly = (x: Num, n: number) => x.kind === "exact" && x.q.equals(n);

/** Applies `f` at 64 digits unless `x` is a point with a known exact image. */
function transcendental(f: (b: BigNumber) => BigNumber, exactAt: Array<[number, () => Num]> = []): Unary {
  return (x) => exactAt.find(([at]) => isExactly(x, at))?.[1]() ?? approx(f(toBig(x)));
}

function trig(f: (b: BigNumber) => BigNumber, exactAt: Array<[number, () => Num]>): Unary {
  const inner = transcendental(f, exactAt);
  return (x) => {
    if (toBig(x).abs().gt(MATH_LIMITS.maxTrigArgument)) {
      throw blockedFailure(
        "RESULT_TOO_LARGE",
        `trigonometric argument over ${MATH_LIMITS.maxTrigArgument} in magnitude`,
      );
    }
    return inner(x);
  };
}

function requireDomain(name: string, ok: (x: Num) => boolean, allowed: string, f: Unary): Unary {
  return (x) => {
    if (!ok(x))
      throw blockedFailure("UNDEFINED_RESULT", `${name} is undefined over the reals here; allowed: ${allowed}`);
    return f(x);
  };
}

/** k-th root, exact when numerator and denominator are perfect powers. */
function root(k: number, f: (b: BigNumber) => BigNumber): Unary {
  return (x) => {
    if (x.kind === "exact") {
      const n = exactRoot(x.q.n, k);
      const d = exactRoot(x.q.d, k);
      if (n !== null && d !== null)
        return exact(math.fraction(n.toString()).div(math.fraction(d.toString())).mul(x.q.s));
    }
    return approx(f(toBig(x)));
  };
}

const positive = (x: Num) => sign(x) > 0;
const unitInterval = (x: Num) => toBig(x).abs().lte(1);
const sin = trig((b) => math.sin(b), [[0, ZERO]]);
const cos = trig((b) => math.cos(b), [[0, ONE]]);
const ln = requireDomain(
  "log",
  positive,
  "x > 0",
  transcendental((b) => math.log(b) as BigNumber, [[1, ZERO]]),
);

/** log(x, base) is exact when base^k = x for a small integer k. */
function logBase(x: Num, base: Num): Num {
  if (!positive(base) || isExactly(base, 1))
    throw blockedFailure("UNDEFINED_RESULT", "log base must be positive and not 1");
  const ratio = divide(ln(x), ln(base));
  const k = Math.round(toBig(ratio).toNumber());
  if (x.kind === "exact" && base.kind === "exact" && Math.abs(k) <= 1000) {
    const candidate = power(base, exact(math.fraction(k)));
    if (candidate.kind === "exact" && candidate.q.equals(x.q)) return exact(math.fraction(k));
  }
  return ratio;
}

/** The whitelisted functions with their arity (min, max) and real-valued semantics. */
export const FUNCTIONS: Record<string, { arity: [number, number]; apply: (args: Num[]) => Num }> = {
  sqrt: {
    arity: [1, 1],
    apply: ([x]) =>
      requireDomain(
        "sqrt",
        (v) => sign(v) >= 0,
        "x >= 0",
        root(2, (b) => b.sqrt()),
      )(x!),
  },
  cbrt: { arity: [1, 1], apply: ([x]) => root(3, (b) => b.cbrt())(x!) },
  abs: { arity: [1, 1], apply: ([x]) => (x!.kind === "exact" ? exact(x!.q.abs()) : approx(x!.b.abs())) },
  exp: { arity: [1, 1], apply: ([x]) => transcendental((b) => math.exp(b), [[0, ONE]])(x!) },
  ln: { arity: [1, 1], apply: ([x]) => ln(x!) },
  log: { arity: [1, 2], apply: ([x, base]) => (base === undefined ? ln(x!) : logBase(x!, base)) },
  log10: { arity: [1, 1], apply: ([x]) => logBase(x!, exact(math.fraction(10))) },
  log2: { arity: [1, 1], apply: ([x]) => logBase(x!, exact(math.fraction(2))) },
  sin: { arity: [1, 1], apply: ([x]) => sin(x!) },
  cos: { arity: [1, 1], apply: ([x]) => cos(x!) },
  tan: { arity: [1, 1], apply: ([x]) => divide(sin(x!), cos(x!)) },
  sec: { arity: [1, 1], apply: ([x]) => divide(ONE(), cos(x!)) },
  csc: { arity: [1, 1], apply: ([x]) => divide(ONE(), sin(x!)) },
  cot: { arity: [1, 1], apply: ([x]) => divide(cos(x!), sin(x!)) },
  asin: {
    arity: [1, 1],
    apply: ([x]) =>
      requireDomain(
        "asin",
        unitInterval,
        "-1 <= x <= 1",
        transcendental((b) => math.asin(b) as BigNumber, [[0, ZERO]]),
      )(x!),
  },
  acos: {
    arity: [1, 1],
    apply: ([x]) =>
      requireDomain(
        "acos",
        unitInterval,
        "-1 <= x <= 1",
        transcendental((b) => math.acos(b) as BigNumber, [[1, ZERO]]),
      )(x!),
  },
  atan: { arity: [1, 1], apply: ([x]) => transcendental((b) => math.atan(b), [[0, ZERO]])(x!) },
  sinh: { arity: [1, 1], apply: ([x]) => transcendental((b) => math.sinh(b), [[0, ZERO]])(x!) },
  cosh: { arity: [1, 1], apply: ([x]) => transcendental((b) => math.cosh(b), [[0, ONE]])(x!) },
  tanh: { arity: [1, 1], apply: ([x]) => transcendental((b) => math.tanh(b), [[0, ZERO]])(x!) },
};
