import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { firstTooLong, textFields } from "./input-limits.js";

describe("textFields", () => {
  it("lists every string with its dotted path, keys excluded", () => {
    const input = { expression: "1+1", context: { x: "3/7", y: 2 }, items: [{ text: "a" }, "b"] };
    assert.deepEqual(textFields(input), [
      { path: "expression", value: "1+1" },
      { path: "context.x", value: "3/7" },
      { path: "items.0.text", value: "a" },
      { path: "items.1", value: "b" },
    ]);
  });

  it("names a bare string body (body)", () => {
    assert.deepEqual(textFields("x"), [{ path: "(body)", value: "x" }]);
  });

  it("walks 100000 levels of nesting without overflowing the stack", () => {
    let deep: unknown = "leaf";
    for (let level = 0; level < 100_000; level++) deep = [deep];
    assert.deepEqual(textFields({ data: deep }), [{ path: `data${".0".repeat(100_000)}`, value: "leaf" }]);
  });
});

describe("firstTooLong", () => {
  it("reports the first field over the limit with its length", () => {
    const fields = textFields({ a: "12345", b: "123456", c: "1234567" });
    assert.deepEqual(firstTooLong(fields, 5), { field: "b", length: 6, maxChars: 5 });
  });

  it("counts code points, so an emoji is one character", () => {
    assert.equal(firstTooLong(textFields({ a: "😀😀😀" }), 3), undefined);
  });
});
