import assert from "node:assert/strict";
import { describe, it } from "vitest";
import fc from "fast-check";
import { REASON_CODES } from "../verdict.js";
import { verifyMath } from "./verify-math.js";

const reasons: ReadonlySet<string | null> = new Set([...REASON_CODES, null]);

/** Random formulas over the accepted grammar, to reach evaluation, powers and the symbolic step. */
const { formula } = fc.letrec((tie) => ({
  formula: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("0", "1", "2", "10", "0.5", "1e300", "x", "y", "pi", "e", "-3"),
    fc
      .tuple(tie("formula"), fc.constantFrom("+", "-", "*", "/", "^", "**", " "), tie("formula"))
      .map(([a, op, b]) => `${a}${op}${b}`),
    fc
      .tuple(fc.constantFrom("sqrt", "sin", "cos", "tan", "log", "exp", "abs", "cbrt", "asin"), tie("formula"))
      .map(([f, a]) => `${f}(${a})`),
    tie("formula").map((a) => `(${a})`),
  ),
}));

async function assertVerdict(expression: string): Promise<void> {
  const v = await verifyMath({ expression }, undefined);
  assert.ok(["VERIFIED", "UNVERIFIABLE", "BLOCKED"].includes(v.status), expression);
  assert.ok(reasons.has(v.reason), `${expression}: ${v.reason}`);
  assert.equal("proof_ref" in v, v.status === "VERIFIED", expression);
}

describe("verifyMath never throws", () => {
  it("returns a verdict for 2000 arbitrary strings", { timeout: 60_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 80, unit: "binary-ascii" }), assertVerdict), {
      numRuns: 2000,
      seed: 7,
    });
  });

  it("returns a verdict for 1000 generated formulas and claims", { timeout: 60_000 }, async () => {
    const claim = fc
      .tuple(formula, fc.option(formula, { nil: undefined }))
      .map(([a, b]) => (b === undefined ? a : `${a} = ${b}`));
    await fc.assert(fc.asyncProperty(claim, assertVerdict), { numRuns: 1000, seed: 11 });
  });
});
