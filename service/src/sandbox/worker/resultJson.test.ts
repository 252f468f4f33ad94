import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { freshModule } from "../test-helpers/quickjsModules.js";
import { bjsonToJson, type JsonLimits } from "./resultJson.js";
import { ResultError } from "./resultError.js";

/** QuickJS's own binary form of the value `code` evaluates to, as the worker takes it. */
async function encode(code: string): Promise<Uint8Array> {
  const vm = (await freshModule()).newContext();
  const value = vm.unwrapResult(vm.evalCode(code));
  const bytes = vm.getArrayBuffer(vm.encodeBinaryJSON(value));
  return bytes.value.slice();
}

const LIMITS: JsonLimits = { maxDepth: 64, maxChars: 4096, maxSteps: 100_000 };
const json = async (code: string, limits: Partial<JsonLimits> = {}) =>
  bjsonToJson(await encode(code), { ...LIMITS, ...limits });
const code = (thrown: unknown) => (thrown instanceof ResultError ? thrown.code : String(thrown));

describe("bjsonToJson", () => {
  it("writes what JSON.stringify writes for plain data", async () => {
    const literal =
      "[1.5, -0, 2 ** 31, NaN, 1e21, true, null, undefined, 'é\\u0080', '\\ud800x', '雪', { k: 'v' }, [], {}]";
    const expected = JSON.stringify([
      1.5,
      -0,
      2 ** 31,
      NaN,
      1e21,
      true,
      null,
      undefined,
      "é\u0080",
      "\ud800x",
      "雪",
      { k: "v" },
      [],
      {},
    ]);
    assert.deepEqual(await json(literal), { json: expected });
  });

  it("writes Dates as ISO text (null when invalid) and wrapper objects as their primitive", async () => {
    const literal = "[new Date(0), new Date(NaN), new Number(2), new String('s'), new Boolean(false)]";
    assert.deepEqual(await json(literal), { json: '["1970-01-01T00:00:00.000Z",null,2,"s",false]' });
  });

  it("orders array-index keys first, ascending, then the others as created", async () => {
    const literal = "({ b: 1, 4294967295: 'not an index', 10: 'ten', a: 2, 4294967294: 'max', 2: 'two' })";
    assert.deepEqual(await json(literal), {
      json: '{"2":"two","10":"ten","4294967294":"max","b":1,"4294967295":"not an index","a":2}',
    });
  });

  it("repeats shared objects, refuses cycles, and bounds the depth", async () => {
    assert.deepEqual(await json("const s = { n: 1 }; [s, [s], { s }]"), { json: '[{"n":1},[{"n":1}],{"s":{"n":1}}]' });
    await assert.rejects(json("const a = [1]; a.push({ back: [a] }); a"), (e) => code(e) === "SANDBOX_RESULT_CIRCULAR");
    assert.ok("json" in (await json("let a = 1; for (let i = 0; i < 64; i++) a = [a]; a")));
    await assert.rejects(
      json("let a = 1; for (let i = 0; i < 65; i++) a = [a]; a"),
      (e) => code(e) === "SANDBOX_RESULT_TOO_DEEP",
    );
  });

  it("stops at the output cap and at the step budget instead of building everything", async () => {
    assert.deepEqual(await json("'x'.repeat(100)", { maxChars: 50 }), { tooLong: true });
    assert.deepEqual(await json("Array(1000).fill(7)", { maxChars: 50 }), { tooLong: true });
    const sparse = "const o = {}; for (let i = 0; i < 1000; i++) o['k' + i] = undefined; Array(200).fill(o)";
    await assert.rejects(json(sparse, { maxSteps: 10_000 }), (e) => code(e) === "SANDBOX_RESULT_TOO_COSTLY");
  });

  it("refuses BigInts and binary data with a named error", async () => {
    await assert.rejects(json("[1n]"), (e) => code(e) === "SANDBOX_RESULT_NOT_DATA" && /BigInt/.test(String(e)));
    await assert.rejects(
      json("[new Uint8Array(2)]"),
      (e) => code(e) === "SANDBOX_RESULT_NOT_DATA" && /typed array/.test(String(e)),
    );
  });

  it("refuses bytes it does not understand instead of guessing", async () => {
    const bytes = await encode("({ a: 'text' })");
    assert.throws(
      () => bjsonToJson(bytes.subarray(0, bytes.length - 2), LIMITS),
      (e) => code(e) === "SANDBOX_RESULT_MALFORMED",
    );
    assert.throws(() => bjsonToJson(Uint8Array.of(4, 0, 1), LIMITS), /version 4/);
  });
});
