import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { runJob } from "../test-helpers/quickjsModules.js";

/** The JavaScript runner in-process: the host reads the result and errors without running job code. */
describe("runJavascript: the result", () => {
  it("ignores toJSON, even on Object.prototype, and cannot be made to forge the reply", async () => {
    const code =
      "Object.prototype.toJSON = () => ({ error: { name: 'InternalError', message: 'out of memory' } }); ({ a: [1, 2], d: new Date(0) })";
    assert.deepEqual(await runJob(code), {
      status: "ok",
      resultJson: '{"a":[1,2],"d":"1970-01-01T00:00:00.000Z"}',
      stdout: "",
    });
  });

  it("refuses a getter without running it", async () => {
    const outcome = await runJob("globalThis.ran = 0; ({ get x() { ran += 1; for (;;) {} } })", { wall_ms: 300 });
    assert.equal(outcome.status, "error");
    assert.match(outcome.error ?? "", /^ResultError: the result holds a getter/);
  });

  it("refuses a Proxy without calling its traps", async () => {
    const outcome = await runJob("[new Proxy({}, { ownKeys() { for (;;) {} }, get() { for (;;) {} } })]", {
      wall_ms: 300,
    });
    assert.equal(outcome.status, "error");
    assert.match(outcome.error ?? "", /^ResultError: .*Proxy/);
  });

  it("bounds the depth with a clear error, however deep the value", async () => {
    for (const depth of [65, 100_000]) {
      const outcome = await runJob(`let a = []; for (let i = 0; i < ${depth}; i++) a = [a]; a`);
      assert.deepEqual(
        [outcome.status, outcome.error],
        ["error", "ResultError: the result nests deeper than 64 levels"],
        String(depth),
      );
    }
    assert.equal((await runJob("let a = []; for (let i = 0; i < 63; i++) a = [a]; a")).status, "ok");
  });

  it("refuses cycles but serialises shared objects as JSON does", async () => {
    assert.equal(
      (await runJob("const a = {}; a.self = a; a")).error,
      "ResultError: the result refers to itself (circular reference)",
    );
    assert.equal((await runJob("const row = [0, 0]; [row, row, { row }]")).resultJson, '[[0,0],[0,0],{"row":[0,0]}]');
  });

  it("keeps JSON's key order, drops undefined members and writes null for holes", async () => {
    const outcome = await runJob("const o = { b: 1, 2: 'two', a: undefined, 1: [undefined, , 3] }; o");
    assert.equal(outcome.resultJson, '{"1":[null,null,3],"2":"two","b":1}');
  });

  it("answers null for a function, symbol or undefined at the top, as JSON.stringify does, and refuses one inside", async () => {
    for (const code of ["JSON.parse = () => 'hijacked'", "Symbol('s')", "undefined"])
      assert.deepEqual(await runJob(code), { status: "ok", resultJson: "null", stdout: "" }, code);
    assert.match((await runJob("[() => 1]")).error ?? "", /^ResultError: the result holds a function/);
  });

  it("reports a result longer than the output cap as output_limit", async () => {
    const outcome = await runJob("'z'.repeat(5000)", { output_bytes: 1024 });
    assert.deepEqual([outcome.status, outcome.error], ["output_limit", "the result's JSON exceeds 1024 bytes"]);
  });
});

describe("runJavascript: errors and promises", () => {
  it("describes a thrown error by its own data, with the line", async () => {
    const outcome = await runJob(
      "Object.defineProperty(TypeError.prototype, 'name', { get() { for (;;) {} } });\nnull.x",
    );
    assert.deepEqual(
      [outcome.status, outcome.error],
      ["error", "TypeError: cannot read property 'x' of null (line 2)"],
    );
  });

  it("reports 200k nested rejected promises without recursing on the host", async () => {
    // 200k promises take about 0.3 s of CPU; the default 2 s wall time was outlasted once on a starved host.
    const outcome = await runJob("let p = 0; for (let i = 0; i < 2e5; i++) p = Promise.reject(p); p", {
      wall_ms: 20_000,
    });
    assert.deepEqual(
      [outcome.status, outcome.error],
      ["error", "Error: the job failed with a non-Error value (object)"],
    );
  });

  it("ends a microtask loop as a wall-time timeout, whatever the completion value", async () => {
    for (const tail of ["'done'", "new Promise(() => {})"]) {
      const outcome = await runJob(`(function loop() { Promise.resolve().then(loop); })(); ${tail}`, { wall_ms: 200 });
      assert.deepEqual(
        [outcome.status, outcome.error],
        ["timeout", "the job ran longer than its wall time of 200 ms"],
        tail,
      );
    }
  });

  it("counts only the job's own run as its wall time: a host starved past the deadline while preparing still ends the job as a timeout", async () => {
    // The clock jumps 400 ms at every look, as a host descheduled between two instructions sees it (CI, 2 busy cores).
    const realNow = Date.now;
    let looks = 0;
    Date.now = () => realNow() + 400 * ++looks;
    try {
      const outcome = await runJob("(async () => { for (;;) await null; })()", { wall_ms: 600 });
      assert.deepEqual([outcome.status, outcome.error], ["timeout", "the job ran longer than its wall time of 600 ms"]);
    } finally {
      Date.now = realNow;
    }
  });

  it("stops deep recursion itself, as a guest InternalError, after some hundreds of frames", async () => {
    const outcome = await runJob(
      "let depth = 0; function f(n) { depth = n; return f(n + 1) + 1; }\ntry { f(0) } catch (e) { throw new Error(`${e.name}: ${e.message} at ${depth > 400}`) }",
    );
    assert.deepEqual(
      [outcome.status, outcome.error],
      ["error", "Error: InternalError: stack overflow at true (line 2)"],
    );
    const inPromise = await runJob("Promise.resolve(0).then(function f(n) { return f(n + 1) + 1; })");
    assert.deepEqual([inPromise.status, inPromise.error], ["error", "InternalError: stack overflow (line 1)"]);
  });

  it("still reports a promise that never settles, and awaits one that does", async () => {
    assert.equal((await runJob("new Promise(() => {})")).error, "Error: the job's promise never settled");
    assert.equal((await runJob("Promise.resolve(41).then((x) => x + 1)")).resultJson, "42");
  });
});
