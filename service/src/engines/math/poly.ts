import type { Fraction } from "mathjs";
import { blockedFailure } from "../engine.js";
import { math } from "./instance.js";
import { MATH_LIMITS } from "./limits.js";

/** A monomial: variables (or opaque atoms) with positive exponents, sorted by name. */
export type Mono = ReadonlyArray<readonly [string, number]>;
export type Term = { mono: Mono; c: Fraction };
/** A sparse polynomial with exact rational coefficients, keyed by monomial; no zero terms. */
export type Poly = ReadonlyMap<string, Term>;

const monoKey = (mono: Mono) => JSON.stringify(mono);

export const constPoly = (c: Fraction): Poly => (c.n === 0n ? new Map() : new Map([["[]", { mono: [], c }]]));
export const varPoly = (name: string): Poly =>
  new Map([[monoKey([[name, 1]]), { mono: [[name, 1]], c: math.fraction(1) }]]);
export const isZeroPoly = (p: Poly) => p.size === 0;

function accumulate(into: Map<string, Term>, term: Term): void {
  const key = monoKey(term.mono);
  const sum = (into.get(key)?.c ?? math.fraction(0)).add(term.c);
  if (sum.n === 0n) into.delete(key);
  else into.set(key, { mono: term.mono, c: sum });
  if (into.size > MATH_LIMITS.maxSymbolicTerms) {
    throw blockedFailure("TOO_COMPLEX", `symbolic form exceeds ${MATH_LIMITS.maxSymbolicTerms} terms`);
  }
}

export function addPoly(a: Poly, b: Poly, scaleB = math.fraction(1)): Poly {
  const out = new Map(a);
  for (const term of b.values()) accumulate(out, { mono: term.mono, c: term.c.mul(scaleB) });
  return out;
}

function mulMono(a: Mono, b: Mono): Mono {
  const exps = new Map(a);
  for (const [name, e] of b) exps.set(name, (exps.get(name) ?? 0) + e);
  return [...exps.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
}

export function mulPoly(a: Poly, b: Poly): Poly {
  if (a.size * b.size > MATH_LIMITS.maxSymbolicProducts) {
    throw blockedFailure(
      "TOO_COMPLEX",
      `symbolic product of ${a.size} by ${b.size} terms exceeds ${MATH_LIMITS.maxSymbolicProducts}`,
    );
  }
  const out = new Map<string, Term>();
  for (const s of a.values())
    for (const t of b.values()) accumulate(out, { mono: mulMono(s.mono, t.mono), c: s.c.mul(t.c) });
  return out;
}

/** Rewrites `atom^2` by its rule (sin(u)^2 -> 1 - cos(u)^2, sqrt(u)^2 -> u) until no rule applies. */
export function reducePoly(p: Poly, rules: ReadonlyMap<string, Poly>): Poly {
  let out = new Map<string, Term>();
  for (const term of p.values()) {
    const index = term.mono.findIndex(([name, e]) => e >= 2 && rules.has(name));
    if (index < 0) accumulate(out, term);
    else out = new Map(addPoly(out, reducePoly(rewriteSquare(term, index, rules), rules)));
  }
  return out;
}

function rewriteSquare(term: Term, index: number, rules: ReadonlyMap<string, Poly>): Poly {
  const [name] = term.mono[index]!;
  const rest = term.mono.map(([n, k]) => [n, n === name ? k - 2 : k] as const).filter(([, k]) => k > 0);
  return mulPoly(new Map([[monoKey(rest), { mono: rest, c: term.c }]]), rules.get(name)!);
}

/** A stable text key for a polynomial, used to name atoms whose arguments are polynomials. */
export function polyKey(p: Poly): string {
  const terms = [...p.values()].map((t) => `${t.c.toFraction()}${t.mono.map(([n, e]) => `*${n}^${e}`).join("")}`);
  return terms.sort().join(" + ") || "0";
}
