import assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import fc from "fast-check";
import type { Verdict } from "../verdict.js";
import { verifyLogic } from "./verify-logic.js";
import { disposeZ3 } from "./z3-runtime.js";

afterAll(disposeZ3);

const check = (
  expression: string,
  extra: { declarations?: Record<string, "Int" | "Real" | "Bool">; timeout_ms?: number } = {},
) => verifyLogic({ expression, ...extra }, undefined);
const brief = (v: Verdict) => [v.status, v.reason];
const ev = (v: Verdict) => v.evidence as Record<string, any>;

describe("verifyLogic", () => {
  it("(AND (GT x 5) (LT x 3)) is UNVERIFIABLE UNSAT", async () => {
    const v = await check("(AND (GT x 5) (LT x 3))");
    assert.deepEqual(brief(v), ["UNVERIFIABLE", "UNSAT"]);
    assert.deepEqual(ev(v), { sorts: { x: "Int" }, timeout_ms: 2000, result: "unsat", engine: "logic" });
  });

  it("a SAT formula is VERIFIED with a model that satisfies it", async () => {
    const v = await check("(AND (GT x 5) (LT x 7) (IFF p (EQ x 6)))");
    assert.deepEqual(brief(v), ["VERIFIED", null]);
    assert.deepEqual(ev(v).model, { p: "true", x: "6" });
    assert.equal(v.status === "VERIFIED" && v.proof_ref.startsWith("sha256:"), true);
  });

  it("reals: r * 3 = 1 has the model 1/3", async () => {
    const v = await check("(EQ (MULT r 3) 1)", { declarations: { r: "Real" } });
    assert.deepEqual(ev(v).model, { r: "1/3" });
  });

  it("negative integers print plainly; quantifiers work", async () => {
    assert.deepEqual(ev(await check("(AND (EQ (POW x 2) 9) (LT x 0))")).model, { x: "-3" });
    assert.deepEqual(brief(await check("(NOT (FORALL ((y Int)) (GTE (MULT y y) 0)))")), ["UNVERIFIABLE", "UNSAT"]);
  });

  it("(IMPORT os) is BLOCKED UNKNOWN_OPERATOR; bad arity and parens are BLOCKED", async () => {
    assert.deepEqual(brief(await check("(IMPORT os)")), ["BLOCKED", "UNKNOWN_OPERATOR"]);
    assert.deepEqual(brief(await check("(IMPLIES p)")), ["BLOCKED", "BAD_ARITY"]);
    assert.deepEqual(brief(await check("(AND (GT x 5)")), ["BLOCKED", "PARSE_ERROR"]);
    assert.deepEqual(brief(await check("(DIV x 0)")), ["BLOCKED", "DIVISION_BY_ZERO"]);
  });

  it("rejects timeouts over 10000 ms as INVALID_INPUT", async () => {
    assert.deepEqual(brief(await check("p", { timeout_ms: 10_001 })), ["BLOCKED", "INVALID_INPUT"]);
  });

  it("never throws on 2000 arbitrary strings", { timeout: 60_000 }, async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc
        .array(
          fc.constantFrom("(", ")", "AND", "OR", "NOT", "GT", "EQ", "x", "p", "1", "-2", "1/2", "FORALL", "IMPORT"),
          { maxLength: 12 },
        )
        .map((t) => t.join(" ")),
    );
    await fc.assert(
      fc.asyncProperty(text, async (expression) => {
        const v = await check(expression, { timeout_ms: 500 });
        assert.ok(["VERIFIED", "UNVERIFIABLE", "BLOCKED"].includes(v.status));
        assert.equal("proof_ref" in v, v.status === "VERIFIED");
      }),
      { numRuns: 2000, seed: 3 },
    );
  });
});

describe("verifyLogic: concurrent queries", () => {
  it("names that are SMT-LIB or Z3 words are only variables: distinct, ite, assert, to_real, check", async () => {
    const v = await check("(AND (GT distinct ite) (EQ assert 2) (NOT to_real) (LT check 0))");
    assert.deepEqual(
      [v.status, Object.keys(ev(v).model)],
      ["VERIFIED", ["assert", "check", "distinct", "ite", "to_real"]],
    );
  });

  it("a rational literal and a negative real: (EQ (PLUS r 1/3) -0.5) gives r = -5/6", async () => {
    assert.deepEqual(ev(await check("(EQ (PLUS r 1/3) -0.5)", { declarations: { r: "Real" } })).model, { r: "-5/6" });
  });
});

describe("verifyLogic: undecided", () => {
  it("an undecided formula is UNVERIFIABLE TIMEOUT with Z3's reason", async () => {
    // x^3 + y^3 = z^3 has no positive solution (Fermat, n = 3), which Z3 can neither find nor refute.
    const v = await check("(AND (GT x 0) (GT y 0) (GT z 0) (EQ (PLUS (MULT x x x) (MULT y y y)) (MULT z z z)))", {
      timeout_ms: 300,
    });
    assert.deepEqual(brief(v), ["UNVERIFIABLE", "TIMEOUT"]);
    assert.equal(ev(v).result, "unknown");
    assert.equal(typeof ev(v).reason_unknown, "string");
  });
});
