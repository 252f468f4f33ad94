import assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import { disposeZ3 } from "../logic/z3-runtime.js";
import { unverifiable, verified, type Verdict } from "../verdict.js";
import { defaultConsensusEngines } from "./default-engines.js";
import { verifyConsensus, type ConsensusEngine } from "./verify-consensus.js";

afterAll(disposeZ3);

const ev = (v: Verdict) => v.evidence as Record<string, any>;
const brief = (v: Verdict) => [v.status, v.reason];
const engine = (name: string, verdict: Verdict): ConsensusEngine => ({
  name,
  applies: () => true,
  run: async () => verdict,
});

/** Never answers; records that consensus aborted it. */
function slowEngine(): ConsensusEngine & { aborted: boolean } {
  const slow = {
    name: "slow",
    aborted: false,
    applies: () => true,
    run: (_: unknown, signal: AbortSignal) =>
      new Promise<Verdict>(() => signal.addEventListener("abort", () => (slow.aborted = true))),
  };
  return slow;
}

describe("verifyConsensus", () => {
  it("a slow engine is reported as timed out, aborted, and does not hold the verdict", async () => {
    const slow = slowEngine();
    const v = await verifyConsensus(
      { expression: "2+2=4", timeout_ms: 50 },
      { engines: [engine("a", verified("ok", { n: 1 })), slow] },
    );
    assert.deepEqual(brief(v), ["VERIFIED", null]);
    assert.deepEqual(ev(v).engines[1], { engine: "slow", timed_out: true, timeout_ms: 50 });
    assert.equal(slow.aborted, true);
  });

  it("VERIFIED evidence lists each engine's proof_ref", async () => {
    const yes = verified("ok", { n: 1 });
    const v = await verifyConsensus({ expression: "x" }, { engines: [engine("a", yes), engine("b", yes)] });
    assert.deepEqual(
      ev(v).engines.map((e: any) => e.proof_ref),
      [yes.status === "VERIFIED" && yes.proof_ref, yes.status === "VERIFIED" && yes.proof_ref],
    );
  });

  it("engines that disagree give UNVERIFIABLE DISAGREEMENT", async () => {
    const v = await verifyConsensus(
      { expression: "x" },
      { engines: [engine("a", verified("ok", {})), engine("b", unverifiable("CLAIM_FALSE", "no"))] },
    );
    assert.deepEqual(brief(v), ["UNVERIFIABLE", "DISAGREEMENT"]);
    assert.equal(v.message, "engines disagree: VERIFIED vs UNVERIFIABLE CLAIM_FALSE");
  });

  it("agreeing non-VERIFIED verdicts pass on; all timed out is TIMEOUT; none applicable is BLOCKED", async () => {
    const no = engine("b", unverifiable("CLAIM_FALSE", "no"));
    assert.deepEqual(brief(await verifyConsensus({ expression: "x" }, { engines: [no, no] })), [
      "UNVERIFIABLE",
      "CLAIM_FALSE",
    ]);
    assert.deepEqual(brief(await verifyConsensus({ expression: "x", timeout_ms: 20 }, { engines: [slowEngine()] })), [
      "UNVERIFIABLE",
      "TIMEOUT",
    ]);
    assert.deepEqual(brief(await verifyConsensus({ expression: "x" }, { engines: [] })), ["BLOCKED", "PARSE_ERROR"]);
  });

  it("default engines: math takes formulas, logic S-expressions, nl known phrasings", async () => {
    const engines = defaultConsensusEngines();
    const names = async (input: { expression: string } | { query: string }) =>
      ev(await verifyConsensus(input, { engines })).engines.map((e: any) => e.engine);
    assert.deepEqual(await names({ expression: "(x+1)^2 = x^2+2*x+1" }), ["math"]);
    assert.deepEqual(await names({ expression: "(AND (GT x 5) (LT x 3))" }), ["logic"]);
    assert.deepEqual(await names({ expression: "(IMPORT os)" }), ["logic"]);
    assert.deepEqual(await names({ query: "is 2+2 equal to 4" }), ["nl"]);
    assert.deepEqual(await names({ query: "2+2=4" }), ["math"]);
    assert.deepEqual(brief(await verifyConsensus({ expression: "(AND (GT x 5) (LT x 3))" }, { engines })), [
      "UNVERIFIABLE",
      "UNSAT",
    ]);
  });
});

describe("verifyConsensus: a failing engine", () => {
  it("is reported as that engine's BLOCKED INTERNAL_ERROR, and disagrees with the others", async () => {
    const broken: ConsensusEngine = {
      name: "broken",
      applies: () => true,
      run: async () => {
        throw new Error("bug");
      },
    };
    const v = await verifyConsensus({ expression: "x" }, { engines: [engine("a", verified("ok", {})), broken] });
    assert.deepEqual(brief(v), ["UNVERIFIABLE", "DISAGREEMENT"]);
    assert.deepEqual(ev(v).engines[1], {
      engine: "broken",
      status: "BLOCKED",
      reason: "INTERNAL_ERROR",
      message: "engine failed unexpectedly: bug",
    });
  });
});
