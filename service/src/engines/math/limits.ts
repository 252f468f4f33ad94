/** Bounds of the math engine; each keeps one request's CPU and memory small and predictable. */
export const MATH_LIMITS = {
  /** Longest accepted expression, in characters. */
  expressionChars: 2000,
  /** Largest numerator or denominator of an exact value, in decimal digits. */
  maxDigits: 10_000,
  /** Largest decimal exponent of a literal (`1e1000` is the largest accepted). */
  maxLiteralExponent: 1_000,
  /** Parse-tree bounds: node count and nesting depth. */
  maxNodes: 500,
  maxDepth: 100,
  /** Working precision of inexact (transcendental) arithmetic, in significant digits. */
  precisionDigits: 64,
  /** Relative tolerance for comparing inexact values: |a - b| <= tol * max(1, |a|, |b|). */
  numericTolerance: "1e-40",
  /** Largest |argument| of a trigonometric function (range reduction needs pi to that size). */
  maxTrigArgument: 1e6,
  /** Sample points for identities: exact (rational) and inexact (transcendental) ones. */
  exactPoints: 8,
  numericPoints: 32,
  /** Symbolic normal form: largest integer exponent expanded and largest term count. */
  maxSymbolicExponent: 64,
  maxSymbolicTerms: 2_000,
  /** Largest term-by-term product in one symbolic multiplication (terms of a times terms of b). */
  maxSymbolicProducts: 20_000,
  /** An inexact divisor smaller than this is zero to working precision (tan(pi/2) divides by ~1e-64). */
  approxZero: "1e-50",
} as const;

/** Symbols: a letter then up to 7 letters or digits (x, y1, theta). */
export const SYMBOL_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,7}$/;

/** Named constants, always read as such and never as free variables. */
export const CONSTANTS = ["pi", "e"] as const;

/**
 * Wall time one math call may take in the engine pool before its worker is stopped (engines/pool).
 * The limits above keep real calls to tens of milliseconds; this only catches a pathological one.
 */
export const MATH_DEADLINE_MS = 2_000;
