import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { Verdict } from "../verdict.js";
import { roundTo2 } from "./compound-interest.js";
import { matchPhrasing } from "./phrasings.js";
import { TranslationError, type Translator } from "./translator.js";
import { verifyNaturalLanguage } from "./verify-nl.js";

const ask = (query: string, translator?: Translator) =>
  verifyNaturalLanguage({ query }, translator === undefined ? undefined : { translator });
const brief = (v: Verdict) => [v.status, v.reason];
const ev = (v: Verdict) => v.evidence as Record<string, any>;

describe("matchPhrasing", () => {
  it("routes each known phrasing to an expression or statistic", () => {
    assert.deepEqual(matchPhrasing("What is the square root of 16?"), {
      kind: "math",
      phrasing: "square-root",
      expression: "sqrt(16)",
    });
    assert.deepEqual(matchPhrasing("Is 15% of 200 equal to 30?"), {
      kind: "math",
      phrasing: "percent-claim",
      expression: "15 / 100 * 200 = 30",
    });
    assert.deepEqual(matchPhrasing("what is 20 percent of 50"), {
      kind: "math",
      phrasing: "percent",
      expression: "20 / 100 * 50",
    });
    assert.deepEqual(matchPhrasing("the average of 3, 4 and 5 is 4"), {
      kind: "mean",
      phrasing: "average-claim",
      values: [3, 4, 5],
      claimed: 4,
    });
    assert.deepEqual(matchPhrasing("is 2+2 equal to 4"), {
      kind: "math",
      phrasing: "equality-question",
      expression: "2+2 = 4",
    });
    assert.deepEqual(matchPhrasing("compound interest on 1000 at 5% for 3 years compounded quarterly is 1160.75"), {
      kind: "compound",
      phrasing: "compound-interest",
      principal: 1000,
      ratePercent: 5,
      years: 3,
      periodsPerYear: 4,
      claimed: 1160.75,
    });
    assert.equal(matchPhrasing("tell me a story"), null);
  });
});

describe("verifyNaturalLanguage", () => {
  it("What is the square root of 16? is VERIFIED 4 through the math engine", async () => {
    const v = await ask("What is the square root of 16?");
    assert.deepEqual(brief(v), ["VERIFIED", null]);
    assert.deepEqual(ev(v).value, { exact: true, value: "4", decimal: "4" });
    assert.equal(ev(v).routed_to, "math");
    assert.equal(ev(v).translated, false);
  });

  it("percent claims and questions", async () => {
    assert.deepEqual(brief(await ask("Is 15% of 200 equal to 30?")), ["VERIFIED", null]);
    assert.deepEqual(brief(await ask("Is 15% of 200 equal to 31?")), ["UNVERIFIABLE", "CLAIM_FALSE"]);
    assert.equal(ev(await ask("what is 20 percent of 50")).value.value, "10");
  });

  it("the average of 3, 4 and 5 is 4 goes to the stats engine", async () => {
    const v = await ask("the average of 3, 4 and 5 is 4");
    assert.deepEqual(brief(v), ["VERIFIED", null]);
    assert.equal(ev(v).routed_to, "stats");
    assert.deepEqual(brief(await ask("the average of 3, 4 and 5 is 5")), ["UNVERIFIABLE", "CLAIM_FALSE"]);
  });

  it("compound interest compares the final amount at 2 decimals (1157.625 rounds half up to 1157.63)", async () => {
    const v = await ask("compound interest on 1000 at 5% for 3 years compounded annually is 1157.63");
    assert.deepEqual(brief(v), ["VERIFIED", null]);
    assert.deepEqual(ev(v).amount, { exact: true, value: "9261/8", decimal: "1157.625" });
    assert.equal(ev(v).interest_rounded, "157.63");
    assert.deepEqual(brief(await ask("compound interest on 1000 at 5% for 3 years compounded annually is 1157.62")), [
      "UNVERIFIABLE",
      "CLAIM_FALSE",
    ]);
  });

  it("is 2+2 equal to 4 / is X equal to Y", async () => {
    assert.deepEqual(brief(await ask("is 2+2 equal to 4")), ["VERIFIED", null]);
    assert.deepEqual(brief(await ask("Is (x+1)^2 equal to x^2+2x+1?")), ["VERIFIED", null]);
    assert.deepEqual(brief(await ask("is 2+2 equal to 5")), ["UNVERIFIABLE", "CLAIM_FALSE"]);
  });

  it("an unknown phrasing without translator is BLOCKED PARSE_ERROR, never a guess", async () => {
    const v = await ask("Was Napoleon short?");
    assert.deepEqual(brief(v), ["BLOCKED", "PARSE_ERROR"]);
    assert.equal("proof_ref" in v, false);
  });

  it("with a translator, its expression goes through the math engine and is marked translated", async () => {
    const translator: Translator = { model: "fake", translate: async () => "6 * 7 = 42" };
    const v = await ask("six times seven makes forty-two", translator);
    assert.deepEqual(brief(v), ["VERIFIED", null]);
    assert.equal(ev(v).translated, true);
    assert.equal(ev(v).expression, "6 * 7 = 42");
  });

  it("a translator's unsafe output is still refused by the math engine; its failure is TRANSLATION_FAILED", async () => {
    const evil: Translator = { model: "fake", translate: async () => "__import__('os')" };
    assert.deepEqual(brief(await ask("anything", evil)), ["BLOCKED", "UNSAFE_INPUT"]);
    const broken: Translator = {
      model: "fake",
      translate: async () => {
        throw new TranslationError("TIMEOUT", "slow");
      },
    };
    const v = await ask("anything", broken);
    assert.deepEqual(brief(v), ["BLOCKED", "TRANSLATION_FAILED"]);
    assert.equal(ev(v).translator_error, "TIMEOUT");
  });
});

describe("roundTo2", () => {
  it("rounds half away from zero", () => {
    assert.deepEqual(["9261/8", "0.005", "-0.005", "2.344", "1157.63", "-1/3"].map(roundTo2), [
      "1157.63",
      "0.01",
      "-0.01",
      "2.34",
      "1157.63",
      "-0.33",
    ]);
  });
});
