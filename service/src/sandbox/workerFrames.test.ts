import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LineSplitter, parseFrame } from "./workerFrames.js";

describe("LineSplitter", () => {
  it("emits whole lines across chunk boundaries and keeps the remainder", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push(Buffer.from('{"a":'));
    splitter.push(Buffer.from('1}\n{"b"'));
    splitter.push(Buffer.from(":2}\n\n"));
    assert.deepEqual(lines, ['{"a":1}', '{"b":2}', ""]);
  });
});

describe("parseFrame", () => {
  it("accepts a result frame and rejects unknown fields and statuses", () => {
    const frame = { type: "result", id: "j", status: "ok", resultJson: "1", stdout: "" };
    assert.deepEqual(parseFrame(JSON.stringify(frame)), frame);
    assert.throws(() => parseFrame(JSON.stringify({ ...frame, extra: 1 })));
    assert.throws(() => parseFrame(JSON.stringify({ ...frame, status: "pwned" })));
    assert.throws(() => parseFrame("not json"));
  });
});
