import type { BigNumber, Fraction } from "mathjs";
import type { Json } from "../json.js";
import { blockedFailure } from "../engine.js";
import { math } from "./instance.js";
import { MATH_LIMITS } from "./limits.js";

/** A real value: exact rational when every step so far was rational, else a 64-digit decimal. */
export type Num = { kind: "exact"; q: Fraction } | { kind: "approx"; b: BigNumber };

const DIGIT_BOUND = 10n ** BigInt(MATH_LIMITS.maxDigits);
const APPROX_BOUND = math.bignumber(`1e${MATH_LIMITS.maxDigits}`);

/** Wraps a rational, refusing one whose numerator or denominator is over the digit bound. */
export function exact(q: Fraction): Num {
  if (q.n >= DIGIT_BOUND || q.d >= DIGIT_BOUND) {
    throw blockedFailure("RESULT_TOO_LARGE", `an exact value would exceed ${MATH_LIMITS.maxDigits} digits`);
  }
  return { kind: "exact", q };
}

export function approx(b: BigNumber): Num {
  if (b.isNaN()) throw blockedFailure("UNDEFINED_RESULT", "the value is undefined over the reals");
  if (!b.isFinite() || b.abs().gt(APPROX_BOUND)) {
    throw blockedFailure("RESULT_TOO_LARGE", `a value would exceed 1e${MATH_LIMITS.maxDigits} in magnitude`);
  }
  return { kind: "approx", b };
}

/** Converts a decimal literal exactly, refusing exponents beyond the literal bound. */
export function fromDecimal(b: BigNumber): Num {
  if (!b.isFinite()) throw blockedFailure("RESULT_TOO_LARGE", `literal ${b.toString()} is not finite`);
  if (Math.abs(b.e) > MATH_LIMITS.maxLiteralExponent) {
    throw blockedFailure(
      "RESULT_TOO_LARGE",
      `literal ${b.toString()} has an exponent over ${MATH_LIMITS.maxLiteralExponent}`,
    );
  }
  return exact(math.fraction(b.toFixed()));
}

/** A context binding: a finite number or a rational string such as "3/7" or "-2.5". */
export function fromBinding(value: string | number): Num {
  if (typeof value === "number") return fromDecimal(math.bignumber(String(value)));
  return /^-?\d+\/\d+$/.test(value) ? exact(math.fraction(value)) : fromDecimal(math.bignumber(value));
}

export function toBig(value: Num): BigNumber {
  if (value.kind === "approx") return value.b;
  return math.bignumber((value.q.n * value.q.s).toString()).div(math.bignumber(value.q.d.toString()));
}

export function sign(value: Num): number {
  return value.kind === "exact" ? Number(value.q.s) * (value.q.n === 0n ? 0 : 1) : value.b.comparedTo(0);
}

export const isExactInteger = (value: Num): value is { kind: "exact"; q: Fraction } =>
  value.kind === "exact" && value.q.d === 1n;

/** Human text: `3/10` for rationals, 40 significant digits for inexact values. */
export function formatNum(value: Num): string {
  return value.kind === "exact" ? value.q.toFraction() : value.b.toSignificantDigits(40).toString();
}

/** Evidence form of a value: exact rationals also get a decimal rendering (up to 40 places). */
export function numJson(value: Num): Json {
  if (value.kind === "approx") return { exact: false, value: formatNum(value) };
  const decimal = toBig(value).toSignificantDigits(40).toString();
  return { exact: true, value: value.q.toFraction(), decimal };
}
