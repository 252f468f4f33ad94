import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "vitest";
import { canonicalJson, CanonicalJsonError, proofRef, type Json } from "./json.js";
import { blocked, REASON_CODES, unverifiable, verified, withEvidence } from "./verdict.js";

const sha = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** An independent canonical form: sort keys recursively, then plain JSON.stringify. */
function sortedCopy(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortedCopy(value[k]!)]),
    );
  }
  return value;
}

describe("canonicalJson", () => {
  it("sorts keys recursively and writes no whitespace", () => {
    assert.equal(
      canonicalJson({ b: 1, a: [true, null, { d: "x y", c: 2.5 }] }),
      '{"a":[true,null,{"c":2.5,"d":"x y"}],"b":1}',
    );
  });

  it("refuses non-finite numbers with the path of the value", () => {
    assert.throws(
      () => canonicalJson({ a: [1, Number.NaN] }),
      (e: unknown) => e instanceof CanonicalJsonError && e.path === ".a[1]",
    );
  });
});

describe("verdict helpers", () => {
  it("VERIFIED carries proof_ref = sha256 of the canonical evidence and a null reason", () => {
    const v = verified("ok", { b: 1, a: [true, null, "x"] });
    assert.deepEqual(v, {
      status: "VERIFIED",
      reason: null,
      message: "ok",
      evidence: { b: 1, a: [true, null, "x"] },
      proof_ref: sha('{"a":[true,null,"x"],"b":1}'),
    });
  });

  it("proof_ref matches an independent canonicalisation", () => {
    const evidence: Json = { z: { y: [3, { b: "β", a: -0.5 }] }, a: "" };
    assert.equal(proofRef(evidence), sha(JSON.stringify(sortedCopy(evidence))));
  });

  it("non-VERIFIED verdicts have a reason and no proof_ref", () => {
    const u = unverifiable("CLAIM_FALSE", "no", { x: 1 });
    const b = blocked("PARSE_ERROR", "bad");
    assert.equal("proof_ref" in u, false);
    assert.equal("proof_ref" in b, false);
    assert.deepEqual(b, { status: "BLOCKED", reason: "PARSE_ERROR", message: "bad", evidence: {} });
  });

  it("withEvidence recomputes proof_ref for VERIFIED and keeps it absent otherwise", () => {
    const v = withEvidence(verified("ok", { a: 1 }), { engine: "math" });
    assert.equal(v.status === "VERIFIED" && v.proof_ref, sha('{"a":1,"engine":"math"}'));
    assert.equal("proof_ref" in withEvidence(blocked("TIMEOUT", "t"), { engine: "x" }), false);
  });

  it("exports every reason code once, in UPPER_SNAKE", () => {
    assert.equal(new Set(REASON_CODES).size, REASON_CODES.length);
    for (const code of REASON_CODES) assert.match(code, /^[A-Z]+(_[A-Z]+)*$/);
    for (const code of [
      "IDENTITY_FALSE",
      "UNSAT",
      "DIVISION_BY_ZERO",
      "AMBIGUOUS",
      "UNSAFE_INPUT",
      "UNKNOWN_OPERATOR",
      "BAD_ARITY",
      "SANDBOX_UNAVAILABLE",
      "HEURISTIC_ONLY",
      "DISAGREEMENT",
      "RESULT_TOO_LARGE",
    ]) {
      assert.ok((REASON_CODES as readonly string[]).includes(code), code);
    }
  });
});
