import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { toJobResult, retirement } from "./outcome.js";

describe("toJobResult", () => {
  it("passes a worker's result through with the parsed value", () => {
    const result = toJobResult({ kind: "frame", status: "ok", resultJson: '{"a":[1]}', stdout: "hi\n" }, 12.4);
    assert.deepEqual(result, { status: "ok", result: { a: [1] }, stdout: "hi\n", duration_ms: 12 });
  });

  it("turns the deadline, the RSS watchdog and a JS heap crash into limit statuses", () => {
    assert.deepEqual(toJobResult({ kind: "deadline", wallMs: 500 }, 651), {
      status: "timeout",
      result: null,
      stdout: "",
      error: "the job ran longer than its wall time of 500 ms",
      duration_ms: 651,
    });
    assert.equal(toJobResult({ kind: "rss", limitMib: 320 }, 1).status, "memory");
    const oom = toJobResult(
      { kind: "exit", exit: { code: null, signal: "SIGABRT", stderrTail: "FATAL ERROR: Reached heap limit" } },
      1,
    );
    assert.equal(oom.status, "memory");
  });

  it("reports an allocation the worker's memory bound refused as memory, whatever name the runtime gave it", () => {
    const refused = toJobResult(
      {
        kind: "frame",
        status: "error",
        resultJson: "null",
        stdout: "",
        error: "JsException: RangeError: Array buffer allocation failed (line 3)",
      },
      1,
    );
    assert.deepEqual(
      [refused.status, refused.error],
      [
        "memory",
        "the job reached the worker's memory bound: JsException: RangeError: Array buffer allocation failed (line 3)",
      ],
    );
    const renamed = toJobResult(
      {
        kind: "frame",
        status: "error",
        resultJson: "null",
        stdout: "",
        error: "ConversionError: failed",
        atMemoryBound: true,
      },
      1,
    );
    assert.equal(renamed.status, "memory");
    assert.equal(
      toJobResult(
        {
          kind: "frame",
          status: "error",
          resultJson: "null",
          stdout: "",
          error: "ValueError: x",
          atMemoryBound: false,
        },
        1,
      ).status,
      "error",
    );
    const fatal = toJobResult(
      { kind: "exit", exit: { code: null, signal: "SIGTRAP", stderrTail: "# Fatal process out of memory: Zone" } },
      1,
    );
    assert.equal(fatal.status, "memory");
  });

  it("reports any other exit as an error without the worker's stderr", () => {
    const crash = toJobResult({ kind: "exit", exit: { code: 1, signal: null, stderrTail: "secret internals" } }, 3);
    assert.deepEqual(crash, {
      status: "error",
      result: null,
      stdout: "",
      error: "the sandbox worker stopped unexpectedly (exit code 1)",
      duration_ms: 3,
    });
  });
});

describe("retirement", () => {
  const okFrame = { kind: "frame", status: "ok", resultJson: "1", stdout: "" } as const;
  const limitedFrame = { kind: "frame", status: "output_limit", resultJson: "null", stdout: "" } as const;
  const [ok, limited] = [toJobResult(okFrame, 1), toJobResult(limitedFrame, 1)];
  it("keeps a worker whose job hit no limit while it may continue, and says why it retires one otherwise", () => {
    const exit = { kind: "exit", exit: { code: 1, signal: null, stderrTail: "" } } as const;
    assert.deepEqual(
      [
        retirement(true, ok, okFrame),
        retirement(false, ok, okFrame),
        retirement(true, limited, limitedFrame),
        retirement(true, ok, { kind: "deadline", wallMs: 1 }),
        retirement(true, toJobResult(exit, 1), exit),
      ],
      [undefined, "last_job", "limit", "limit", "exited"],
    );
  });

  it("retires a worker that asks to with its result, though the job is a plain error or ok", () => {
    const hostFault = {
      kind: "frame",
      status: "error",
      resultJson: "null",
      stdout: "",
      error: "RangeError: Maximum call stack size exceeded",
      retire: "runtime_failed",
    } as const;
    const reachedOut = { ...okFrame, retire: "outside_instance" } as const;
    assert.deepEqual(
      [toJobResult(hostFault, 1).status, retirement(true, toJobResult(hostFault, 1), hostFault)],
      ["error", "runtime_failed"],
    );
    assert.equal(retirement(true, ok, reachedOut), "outside_instance");
  });
});
