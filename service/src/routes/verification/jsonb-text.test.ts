import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { jsonbText } from "./jsonb-text.js";

describe("jsonbText", () => {
  it("writes U+0000 and unpaired surrogates, in values and keys, as U+FFFD", () => {
    const value = { stdout: "a\u0000b", result: ["\ud800", "x\udfff", { "k\u0000": "😀" }] };
    assert.equal(jsonbText(value), '{"stdout":"a\ufffdb","result":["\ufffd","x\ufffd",{"k\ufffd":"😀"}]}');
  });

  it("leaves other JSON exactly as JSON.stringify writes it, escaped backslashes included", () => {
    const value = [
      { status: "VERIFIED", reason: null, evidence: { text: "\\u0000 is an escape", n: 1.5, emoji: "😀" } },
    ];
    assert.equal(jsonbText(value), JSON.stringify(value));
  });
});
