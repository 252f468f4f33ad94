import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { EngineFailure } from "../engine.js";
import { parseSExpr } from "./sexpr.js";
import { inferSorts } from "./sorts.js";

const failsWith = (reason: string, fn: () => unknown) =>
  assert.throws(fn, (e: unknown) => e instanceof EngineFailure && e.reason === reason);

describe("parseSExpr", () => {
  it("reads nested lists and atoms with their positions", () => {
    assert.deepEqual(parseSExpr("(NOT p)"), {
      kind: "list",
      pos: 0,
      items: [
        { kind: "atom", text: "NOT", pos: 1 },
        { kind: "atom", text: "p", pos: 5 },
      ],
    });
  });

  it("refuses unbalanced parentheses, trailing tokens and foreign characters as PARSE_ERROR", () => {
    for (const text of ["(AND p", "(AND p))", "(AND p) q", "", "   ", '(EQ x "a")', "(EQ x 1;)"])
      failsWith("PARSE_ERROR", () => parseSExpr(text));
  });

  it("bounds nesting depth", () =>
    failsWith("TOO_COMPLEX", () => parseSExpr("(NOT ".repeat(150) + "p" + ")".repeat(150))));
});

describe("inferSorts", () => {
  const sorts = (text: string, declared = {}) => Object.fromEntries(inferSorts(parseSExpr(text), declared));

  it("Bool where a boolean is needed, Int in arithmetic, declarations win", () => {
    assert.deepEqual(sorts("(AND p (GT x 1))"), { p: "Bool", x: "Int" });
    assert.deepEqual(sorts("(GT r 1)", { r: "Real" }), { r: "Real" });
  });

  it("EQ takes the other side's category; two bare variables default to Int", () => {
    assert.deepEqual(sorts("(EQ p true)"), { p: "Bool" });
    assert.deepEqual(sorts("(EQ a b)"), { a: "Int", b: "Int" });
  });

  it("quantified variables are not free", () => assert.deepEqual(sorts("(FORALL ((y Int)) (GT y z))"), { z: "Int" }));

  it("unknown operators, bad arity and mixed use are refused with their codes", () => {
    failsWith("UNKNOWN_OPERATOR", () => sorts("(IMPORT os)"));
    failsWith("BAD_ARITY", () => sorts("(NOT p q)"));
    failsWith("TYPE_ERROR", () => sorts("(AND p (GT p 1))"));
  });
});
