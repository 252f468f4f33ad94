import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "vitest";
import { canonicalJson } from "../json.js";
import type { Verdict } from "../verdict.js";
import { verifyMath } from "./verify-math.js";

const check = (expression: string, context?: Record<string, string | number>) =>
  verifyMath(context === undefined ? { expression } : { expression, context }, undefined);
const ev = (v: Verdict) => v.evidence as Record<string, any>;
const brief = (v: Verdict) => [v.status, v.reason];

describe("verifyMath: arithmetic claims", () => {
  it("2+2=4 is VERIFIED exactly, with proof_ref over the canonical evidence", async () => {
    const v = await check("2+2=4");
    assert.deepEqual(brief(v), ["VERIFIED", null]);
    assert.deepEqual(ev(v), {
      claim: "2 + 2 = 4",
      lhs: { exact: true, value: "4", decimal: "4" },
      rhs: { exact: true, value: "4", decimal: "4" },
      method: "exact-rational",
      engine: "math",
    });
    assert.equal(
      v.status === "VERIFIED" && v.proof_ref,
      `sha256:${createHash("sha256").update(canonicalJson(v.evidence)).digest("hex")}`,
    );
  });

  it("0.1 + 0.2 = 0.3 is VERIFIED (decimals are exact rationals)", async () => {
    const v = await check("0.1 + 0.2 = 0.3");
    assert.deepEqual(brief(v), ["VERIFIED", null]);
    assert.deepEqual(ev(v).lhs, { exact: true, value: "3/10", decimal: "0.3" });
  });

  it("2+2=5 is UNVERIFIABLE CLAIM_FALSE without proof_ref", async () => {
    const v = await check("2+2=5");
    assert.deepEqual(brief(v), ["UNVERIFIABLE", "CLAIM_FALSE"]);
    assert.equal("proof_ref" in v, false);
    assert.equal(v.message, "2 + 2 = 5 is false: 4 != 5");
  });

  it("accepts == and ** (and ^) for power", async () => {
    assert.deepEqual(brief(await check("2**10 == 1024")), ["VERIFIED", null]);
    assert.deepEqual(brief(await check("2^10 = 1024")), ["VERIFIED", null]);
  });

  it("sqrt(16) = 4 is VERIFIED exactly", async () => {
    const v = await check("sqrt(16) = 4");
    assert.deepEqual(brief(v), ["VERIFIED", null]);
    assert.equal(ev(v).method, "exact-rational");
  });

  it("a bare expression is VERIFIED with its exact value", async () => {
    const v = await check("1/3 + 1/6");
    assert.deepEqual(ev(v).value, { exact: true, value: "1/2", decimal: "0.5" });
  });

  it("log(8, 2) = 3 is exact; substitutes context values", async () => {
    assert.equal(ev(await check("log(8, 2) = 3")).method, "exact-rational");
    assert.deepEqual(brief(await check("x^2 = 9", { x: -3 })), ["VERIFIED", null]);
    assert.deepEqual(brief(await check("x + y = 1", { x: "1/3", y: "2/3" })), ["VERIFIED", null]);
  });
});

describe("verifyMath: identities", () => {
  it("(x+y)**2 = x**2 + y**2 is UNVERIFIABLE IDENTITY_FALSE with the seeded counterexample", async () => {
    const v = await check("(x+y)**2 = x**2 + y**2");
    assert.deepEqual(brief(v), ["UNVERIFIABLE", "IDENTITY_FALSE"]);
    // x + y = 155/12, so lhs = 24025/144; rhs = 361/36 + 1521/16 = 15133/144.
    assert.deepEqual(ev(v).counterexample, { x: "19/6", y: "39/4" });
    assert.equal(ev(v).lhs.value, "24025/144");
    assert.equal(ev(v).rhs.value, "15133/144");
  });

  it("(x+1)**2 = x**2+2*x+1 is VERIFIED by symbolic reduction and exact points", async () => {
    const v = await check("(x+1)**2 = x**2+2*x+1");
    assert.deepEqual(brief(v), ["VERIFIED", null]);
    assert.equal(ev(v).method, "symbolic+exact");
    assert.equal(ev(v).symbolic.difference, "0");
    assert.equal(ev(v).points.checked, 8);
  });

  it("sin(x)**2 + cos(x)**2 = 1 is VERIFIED symbolic+numeric, stating what that means", async () => {
    const v = await check("sin(x)**2 + cos(x)**2 = 1");
    assert.deepEqual(brief(v), ["VERIFIED", null]);
    assert.equal(ev(v).method, "symbolic+numeric");
    assert.equal(ev(v).points.checked, 32);
    assert.deepEqual(ev(v).symbolic.square_rules, ["sin(1*x^1)^2 -> -1*cos(1*x^1)^2 + 1"]);
    assert.match(ev(v).semantics, /holds at every real point where both sides are defined$/);
  });

  it("tan(x) = sin(x)/cos(x) and x/x = 1 are VERIFIED; sin(2x) identity is HEURISTIC_ONLY", async () => {
    assert.deepEqual(brief(await check("tan(x) = sin(x)/cos(x)")), ["VERIFIED", null]);
    assert.deepEqual(brief(await check("x/x = 1")), ["VERIFIED", null]);
    assert.deepEqual(brief(await check("sin(2*x) = 2*sin(x)*cos(x)")), ["UNVERIFIABLE", "HEURISTIC_ONLY"]);
  });

  it("identities that hold exactly through inverses and known values VERIFY; their false neighbours are CLAIM_FALSE", async () => {
    const holds = [
      "exp(log(5)) = 5",
      "log(exp(2)) = 2",
      "exp(ln(x)) = x",
      "sin(pi) = 0",
      "cos(3*pi) = -1",
      "sin(-pi/2) = -1",
      "cos(pi/2) = 0",
      "log(e) = 1",
    ];
    const verdicts = await Promise.all(holds.map((e) => check(e)));
    assert.deepEqual(
      verdicts.map(brief),
      holds.map(() => ["VERIFIED", null]),
    );
    const wrong = await Promise.all(["exp(log(5)) = 6", "sin(pi/2) = -1", "cos(pi) = 1"].map((e) => check(e)));
    assert.deepEqual(
      wrong.map(brief),
      wrong.map(() => ["UNVERIFIABLE", "CLAIM_FALSE"]),
    );
  });

  it("gives the same verdict and proof_ref on every run (seeded points)", async () => {
    const [a, b] = [
      await check("(a+b)^3 = a^3 + 3*a^2*b + 3*a*b^2 + b^3"),
      await check("(a+b)^3 = a^3 + 3*a^2*b + 3*a*b^2 + b^3"),
    ];
    assert.equal(a.status, "VERIFIED");
    assert.deepEqual(a, b);
  });
});

describe("verifyMath: domain and size", () => {
  it("5/0 is BLOCKED DIVISION_BY_ZERO", async () => {
    assert.deepEqual(brief(await check("5/0")), ["BLOCKED", "DIVISION_BY_ZERO"]);
  });

  it("sqrt(-1), log(0) and 0^0 are BLOCKED UNDEFINED_RESULT", async () => {
    for (const e of ["sqrt(-1)", "log(0)", "0^0"])
      assert.deepEqual(brief(await check(e)), ["BLOCKED", "UNDEFINED_RESULT"], e);
  });

  it("10^10^10, exp(10^6) and 1e999999 are BLOCKED RESULT_TOO_LARGE", async () => {
    for (const e of ["10^10^10", "exp(10^6)", "1e999999", "2^(10^7) = 1"])
      assert.deepEqual(brief(await check(e)), ["BLOCKED", "RESULT_TOO_LARGE"], e);
  });

  it("8/2(2+2) is BLOCKED AMBIGUOUS with both readings", async () => {
    const v = await check("8/2(2+2)");
    assert.deepEqual(brief(v), ["BLOCKED", "AMBIGUOUS"]);
    assert.deepEqual(ev(v).readings, [
      { expression: "(8 / 2) * (2 + 2)", value: "16" },
      { expression: "8 / (2 * (2 + 2))", value: "1" },
    ]);
    assert.match(ev(v).warning, /can be read as \(8 \/ 2\) \* \(2 \+ 2\) = 16 or as 8 \/ \(2 \* \(2 \+ 2\)\) = 1/);
  });

  it("more than one = is a PARSE_ERROR; over 2000 chars is INPUT_TOO_LONG", async () => {
    assert.deepEqual(brief(await check("1 = 1 = 1")), ["BLOCKED", "PARSE_ERROR"]);
    assert.deepEqual(brief(await check("1+".repeat(1000) + "1")), ["BLOCKED", "INPUT_TOO_LONG"]);
  });
});

describe("verifyMath: bounds of the symbolic step and inexact division", () => {
  it("tan(pi/2) divides by a cosine that is zero to working precision: BLOCKED DIVISION_BY_ZERO", async () => {
    assert.deepEqual(brief(await check("tan(pi/2)")), ["BLOCKED", "DIVISION_BY_ZERO"]);
  });

  it("a symbolic expansion over the product bound is BLOCKED TOO_COMPLEX", async () => {
    const v = await check("((x+1)^64)^64");
    assert.deepEqual(brief(v), ["BLOCKED", "TOO_COMPLEX"]);
    assert.match(v.message, /^symbolic product of \d+ by 65 terms exceeds 20000$/);
  });
});
