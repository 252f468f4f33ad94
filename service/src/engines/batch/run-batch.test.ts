import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { createEngineRunners } from "../registry.js";
import { verified, type Verdict } from "../verdict.js";
import { BatchInputError, runBatch, type EngineRunners } from "./run-batch.js";

/** A runner whose items finish in reverse order of start, tracking how many run at once. */
function tracking(): { runners: EngineRunners; maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  const echo = async (input: unknown): Promise<Verdict> => {
    inFlight += 1;
    max = Math.max(max, inFlight);
    for (let i = 0; i < 10 - Number(input); i += 1) await new Promise((resolve) => setImmediate(resolve));
    inFlight -= 1;
    return verified(`item ${input}`, { input: Number(input) });
  };
  return { runners: { echo }, maxInFlight: () => max };
}

describe("runBatch", () => {
  it("returns verdicts in input order and never runs more than `concurrency` at once", async () => {
    const { runners, maxInFlight } = tracking();
    const items = Array.from({ length: 9 }, (_, i) => ({ engine: "echo", input: i }));
    const results = await runBatch(items, { concurrency: 3, runners });
    assert.deepEqual(
      results.map((r) => r.message),
      items.map((_, i) => `item ${i}`),
    );
    assert.equal(maxInFlight(), 3);
  });

  it("an unknown engine or a throwing runner gives that item a BLOCKED verdict", async () => {
    const runners: EngineRunners = {
      boom: async () => {
        throw new Error("kaput");
      },
    };
    const [unknown, boom] = await runBatch(
      [
        { engine: "nope", input: {} },
        { engine: "boom", input: {} },
      ],
      { runners },
    );
    assert.deepEqual(
      [unknown!.status, unknown!.reason, unknown!.message],
      ["BLOCKED", "UNKNOWN_ENGINE", 'engine "nope" does not exist; allowed: boom'],
    );
    assert.deepEqual([boom!.status, boom!.reason], ["BLOCKED", "INTERNAL_ERROR"]);
  });

  it("refuses 0 or 101 items and a concurrency outside 1-16", async () => {
    const { runners } = tracking();
    await assert.rejects(runBatch([], { runners }), BatchInputError);
    await assert.rejects(
      runBatch(
        Array.from({ length: 101 }, () => ({ engine: "echo", input: 1 })),
        { runners },
      ),
      BatchInputError,
    );
    await assert.rejects(
      runBatch([{ engine: "echo", input: 1 }], { runners, concurrency: 0 }),
      /concurrency must be an integer from 1 to 16; received 0/,
    );
  });

  it("runs the real engines by name", async () => {
    const results = await runBatch(
      [
        { engine: "math", input: { expression: "2+2=5" } },
        { engine: "stats", input: { data: { a: [1, 2, 3] }, claim: { statistic: "median", column: "a", value: 2 } } },
        { engine: "nl", input: { query: "what is 20 percent of 50" } },
        { engine: "math", input: { nonsense: true } },
      ],
      { concurrency: 2, runners: createEngineRunners() },
    );
    assert.deepEqual(
      results.map((r) => [r.status, r.reason]),
      [
        ["UNVERIFIABLE", "CLAIM_FALSE"],
        ["VERIFIED", null],
        ["VERIFIED", null],
        ["BLOCKED", "INVALID_INPUT"],
      ],
    );
  });
});
