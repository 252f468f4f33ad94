import type { BigNumber } from "mathjs";
import { blockedFailure } from "../engine.js";
import { math } from "./instance.js";
import { MATH_LIMITS } from "./limits.js";
import { bitLength, exactRoot } from "./roots.js";
import { approx, exact, sign, toBig, type Num } from "./value.js";

/** Exact while both operands are exact; otherwise 64-digit decimal arithmetic. */
export const add = (a: Num, b: Num): Num =>
  a.kind === "exact" && b.kind === "exact" ? exact(a.q.add(b.q)) : approx(toBig(a).plus(toBig(b)));

export const subtract = (a: Num, b: Num): Num =>
  a.kind === "exact" && b.kind === "exact" ? exact(a.q.sub(b.q)) : approx(toBig(a).minus(toBig(b)));

export const multiply = (a: Num, b: Num): Num =>
  a.kind === "exact" && b.kind === "exact" ? exact(a.q.mul(b.q)) : approx(toBig(a).times(toBig(b)));

export const negate = (a: Num): Num => (a.kind === "exact" ? exact(a.q.neg()) : approx(a.b.neg()));

const APPROX_ZERO = math.bignumber(MATH_LIMITS.approxZero);

export function divide(a: Num, b: Num): Num {
  if (sign(b) === 0) throw blockedFailure("DIVISION_BY_ZERO", "division by zero");
  if (b.kind === "approx" && b.b.abs().lt(APPROX_ZERO)) {
    throw blockedFailure(
      "DIVISION_BY_ZERO",
      `the divisor is zero to working precision (|divisor| < ${MATH_LIMITS.approxZero})`,
    );
  }
  return a.kind === "exact" && b.kind === "exact" ? exact(a.q.div(b.q)) : approx(toBig(a).div(toBig(b)));
}

/** Real power: negative bases need integer exponents, 0^0 is undefined, sizes are bounded first. */
export function power(base: Num, exponent: Num): Num {
  if (sign(base) === 0) return zeroPower(exponent);
  if (exponent.kind === "exact" && exponent.q.d === 1n) return integerPower(base, exponent.q.s * exponent.q.n);
  if (sign(base) < 0)
    throw blockedFailure(
      "UNDEFINED_RESULT",
      "a negative base with a non-integer exponent is not real; use cbrt() for odd roots",
    );
  if (base.kind === "exact" && exponent.kind === "exact") return rationalPower(base, exponent);
  return bigPower(base, exponent);
}

function zeroPower(exponent: Num): Num {
  const s = sign(exponent);
  if (s > 0) return exact(math.fraction(0));
  if (s === 0) throw blockedFailure("UNDEFINED_RESULT", "0^0 is undefined");
  throw blockedFailure("DIVISION_BY_ZERO", "0 raised to a negative power divides by zero");
}

function integerPower(base: Num, k: bigint): Num {
  if (base.kind === "approx") return approx(math.pow(base.b, math.bignumber(k.toString())) as BigNumber);
  if (base.q.n === 1n && base.q.d === 1n) return exact(k % 2n === 0n ? base.q.abs() : base.q);
  const digits = (Math.max(bitLength(base.q.n), bitLength(base.q.d)) * Math.abs(Number(k))) / 3.32;
  if (digits > MATH_LIMITS.maxDigits) {
    throw blockedFailure(
      "RESULT_TOO_LARGE",
      `the power would have about ${Math.round(digits)} digits (limit ${MATH_LIMITS.maxDigits})`,
    );
  }
  return exact(base.q.pow(math.fraction(k.toString())));
}

/** (p/q)^(m/r) stays exact when p and q are perfect r-th powers. */
function rationalPower(base: Num & { kind: "exact" }, exponent: Num & { kind: "exact" }): Num {
  const r = Number(exponent.q.d);
  const num = r <= 64 ? exactRoot(base.q.n, r) : null;
  const den = r <= 64 ? exactRoot(base.q.d, r) : null;
  if (num === null || den === null) return bigPower(base, exponent);
  return integerPower(
    exact(math.fraction(num.toString()).div(math.fraction(den.toString()))),
    exponent.q.s * exponent.q.n,
  );
}

const bigPower = (base: Num, exponent: Num): Num => approx(math.pow(toBig(base), toBig(exponent)) as BigNumber);
