import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { LineSplitter, MAX_JOB_FRAME_BYTES, parseFrame } from "./workerFrames.js";

const ignore = (): void => undefined;

describe("LineSplitter", () => {
  it("emits whole lines across chunk boundaries and keeps the remainder", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter(64, (line) => lines.push(line), ignore);
    splitter.push(Buffer.from('{"a":'));
    splitter.push(Buffer.from('1}\n{"b"'));
    splitter.push(Buffer.from(":2}\n\n"));
    assert.deepEqual(lines, ['{"a":1}', '{"b":2}', ""]);
  });

  it("ends a line over the bound with one error, keeps none of it, and ignores what follows", () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const splitter = new LineSplitter(
      1024,
      (line) => lines.push(line),
      (error) => errors.push(`${error.code}: ${error.message}`),
    );
    for (let i = 0; i < 100; i++) splitter.push(Buffer.alloc(100, 0x78));
    splitter.push(Buffer.from('\n{"a":1}\n'));
    assert.deepEqual(errors, ["SANDBOX_FRAME_TOO_LONG: wrote a frame longer than 1024 bytes"]);
    assert.deepEqual(lines, []);
    assert.equal(splitter.bufferedBytes, 0);
  });

  it("accepts a line of exactly the bound", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter(
      4,
      (line) => lines.push(line),
      () => assert.fail("over the bound"),
    );
    splitter.push(Buffer.from("ab"));
    splitter.push(Buffer.from("cd\n"));
    assert.deepEqual(lines, ["abcd"]);
  });
});

describe("MAX_JOB_FRAME_BYTES", () => {
  it("holds the largest result frame a job can cause: 1 MiB of output and of result JSON, at their worst escaping", () => {
    const maxOutputBytes = 1_048_576;
    const frame = {
      type: "result",
      id: "x".repeat(36),
      status: "output_limit",
      resultJson: "\\".repeat(maxOutputBytes),
      stdout: "\u0001".repeat(maxOutputBytes),
      error: "e".repeat(600),
    };
    const bytes = Buffer.byteLength(`${JSON.stringify(frame)}\n`);
    assert.ok(bytes <= MAX_JOB_FRAME_BYTES, `${bytes} bytes`);
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
