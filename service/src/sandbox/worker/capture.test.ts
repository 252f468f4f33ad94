import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { OutputCapture, utf8Boundary } from "./capture.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("OutputCapture", () => {
  it("keeps everything under both caps and never overflows", () => {
    let overflows = 0;
    const capture = new OutputCapture(100, 3, () => (overflows += 1));
    capture.writeText("a\nb\n");
    capture.write(bytes("c\n"));
    assert.equal(capture.text(), "a\nb\nc\n");
    assert.equal(capture.exceeded, false);
    assert.equal(overflows, 0);
  });

  it("cuts at the byte cap and fires onOverflow exactly once", () => {
    let overflows = 0;
    const capture = new OutputCapture(5, 100, () => (overflows += 1));
    capture.writeText("abcdefgh");
    capture.writeText("more");
    assert.equal(capture.text(), "abcde");
    assert.equal(capture.exceeded, true);
    assert.equal(overflows, 1);
  });

  it("cuts before the newline that would pass the line cap", () => {
    const capture = new OutputCapture(1000, 2, () => undefined);
    capture.writeText("1\n2\n3\n4\n");
    assert.equal(capture.text(), "1\n2\n");
    const exact = new OutputCapture(1000, 2, () => undefined);
    exact.writeText("1\n2\n");
    assert.equal(exact.exceeded, false);
    assert.equal(capture.exceeded, true);
  });

  it("never returns half a UTF-8 character", () => {
    const capture = new OutputCapture(4, 100, () => undefined);
    capture.writeText("aé€");
    assert.equal(capture.text(), "aé");
  });
});

describe("utf8Boundary", () => {
  it("drops an incomplete trailing sequence and keeps a complete one", () => {
    const euro = bytes("€");
    assert.equal(utf8Boundary(euro), 3);
    assert.equal(utf8Boundary(euro.subarray(0, 2)), 0);
    assert.equal(utf8Boundary(bytes("ab")), 2);
    assert.equal(utf8Boundary(new Uint8Array()), 0);
  });
});
