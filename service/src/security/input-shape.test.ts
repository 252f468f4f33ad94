import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { firstShapeProblem, MAX_JSON_DEPTH } from "./input-shape.js";

const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = [value];
  return value;
};

describe("firstShapeProblem", () => {
  it("accepts ordinary JSON, empty parts and exactly MAX_JSON_DEPTH levels", () => {
    for (const value of [
      { a: [1, -0.5, "x", null, true], b: { c: "😀" } },
      {},
      undefined,
      "text",
      nested(MAX_JSON_DEPTH),
    ]) {
      assert.equal(firstShapeProblem(value, "body"), undefined);
    }
  });

  it("refuses Infinity (how JSON.parse reads 1e400) naming the field", () => {
    assert.deepEqual(firstShapeProblem(JSON.parse('{"claim":{"expected":[1,-1e400]}}'), "body"), {
      code: "NUMBER_NOT_FINITE",
      message:
        "body/claim/expected/1: received -Infinity (a number literal beyond ±1.7976931348623157e+308, such as 1e400); allowed: finite numbers",
    });
  });

  it("refuses nesting past MAX_JSON_DEPTH, at any depth, naming the field and the limit", () => {
    const problem = firstShapeProblem({ data: nested(100_000) }, "body");
    assert.equal(problem?.code, "INPUT_TOO_DEEP");
    assert.equal(
      problem?.message,
      `body/data${"/0".repeat(23)}/…: received arrays and objects nested more than 64 levels deep; allowed: at most 64 levels (counting the body itself); flatten the data`,
    );
    assert.equal(firstShapeProblem(nested(MAX_JSON_DEPTH + 1), "body")?.code, "INPUT_TOO_DEEP");
  });

  it("refuses U+0000 and unpaired surrogates in values and in keys, showing where", () => {
    assert.deepEqual(firstShapeProblem({ id: "ab\u0000c" }, "params"), {
      code: "INVALID_TEXT",
      message:
        'params/id: received "ab\\u0000c", which holds U+0000 at index 2; allowed: text without U+0000 whose surrogates are all paired (well-formed Unicode)',
    });
    assert.match(
      firstShapeProblem({ q: `${"x".repeat(50)}\ud800` }, "querystring")!.message,
      /^querystring\/q: received "x{40}"…, which holds an unpaired surrogate U\+D800 at index 50;/,
    );
    assert.match(
      firstShapeProblem({ data: { "k\u0000": 1 } }, "body")!.message,
      /^body\/data: received the key "k\\u0000", which holds U\+0000 at index 1;/,
    );
  });

  it("reports the first problem in document order", () => {
    assert.equal(firstShapeProblem({ a: "\u0000", b: Infinity }, "body")?.code, "INVALID_TEXT");
    assert.equal(firstShapeProblem([Infinity, "\u0000"], "body")?.message.startsWith("body/0: "), true);
  });
});
