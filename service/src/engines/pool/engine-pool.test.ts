import assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import { disposeZ3 } from "../logic/z3-runtime.js";
import { runEngineTask, type EngineTask } from "./task.js";
import { EnginePool } from "./engine-pool.js";
import { EngineThreads } from "./engine-threads.js";

/** Sum of three cubes equal to 33: valid, small, and beyond Z3 for any budget a request may ask. */
const HARD_LOGIC = { expression: "(EQ (PLUS (MULT x x x) (MULT y y y) (MULT z z z)) 33)", timeout_ms: 10_000 };
const EASY_LOGIC = { expression: "(AND (GT x 5) (LT x 10))" };

const opened: { close(): Promise<void> }[] = [];
const keep = <T extends { close(): Promise<void> }>(pool: T): T => (opened.push(pool), pool);
afterAll(async () => {
  await Promise.all(opened.map((pool) => pool.close()));
  await disposeZ3();
});

const result = (v: { evidence: unknown }) => (v.evidence as { result?: string }).result;

describe("engine threads", () => {
  it("give the verdicts, proof references included, that the engines give in this thread", {
    timeout: 60_000,
  }, async () => {
    const threads = keep(new EngineThreads({ mathThreads: 1, logicThreads: 1, queueMax: 8 }));
    await threads.ready();
    const tasks: EngineTask[] = [
      { engine: "math", input: { expression: "(x+1)^2 = x^2 + 2*x + 1" } },
      { engine: "math", input: { expression: "1/0 = 1" } },
      { engine: "math", input: { expression: 42 } },
      { engine: "logic", input: EASY_LOGIC },
      { engine: "logic", input: { expression: "(AND (GT x 5) (LT x 3))" } },
    ];
    for (const task of tasks)
      assert.deepEqual(await threads.run(task.engine, task.input), await runEngineTask(task), JSON.stringify(task));
  });

  it("a logic query that holds its thread does not hold up math", { timeout: 60_000 }, async () => {
    const threads = keep(new EngineThreads({ mathThreads: 1, logicThreads: 1, queueMax: 8 }));
    await threads.ready();
    const order: string[] = [];
    const logic = threads
      .run("logic", { ...HARD_LOGIC, timeout_ms: 3_000 })
      .then((v) => order.push(`logic ${v.reason}`));
    const math = threads.run("math", { expression: "2 + 2 = 4" }).then((v) => order.push(`math ${v.status}`));
    await Promise.all([logic, math]);
    assert.deepEqual(order, ["math VERIFIED", "logic TIMEOUT"]);
  });
});

describe("engine pool", () => {
  it("stops a call past its deadline with TIMEOUT, and a fresh worker serves the next", {
    timeout: 60_000,
  }, async () => {
    const pool = keep(new EnginePool({ engines: ["logic"], threads: 1, maxQueue: 4, deadlineMs: () => 1_500 }));
    await pool.ready();
    const late = await pool.run("logic", HARD_LOGIC);
    assert.equal(late.status, "UNVERIFIABLE");
    assert.equal(late.reason, "TIMEOUT");
    assert.deepEqual(late.evidence, { result: "deadline", deadline_ms: 1_500, engine: "logic" });
    await pool.ready();
    const next = await pool.run("logic", EASY_LOGIC);
    assert.equal(next.status, "VERIFIED", next.message);
  });

  it("answers TIMEOUT (busy) at once when its queue is full", { timeout: 60_000 }, async () => {
    const pool = keep(new EnginePool({ engines: ["logic"], threads: 1, maxQueue: 1, deadlineMs: () => 1_500 }));
    await pool.ready();
    const verdicts = await Promise.all([1, 2, 3].map(() => pool.run("logic", HARD_LOGIC)));
    assert.deepEqual(verdicts.map(result).sort(), ["busy", "deadline", "deadline"]);
    const busy = verdicts.find((v) => result(v) === "busy");
    assert.equal(busy?.reason, "TIMEOUT");
    assert.match(busy?.message ?? "", /every engine thread is busy and 1 calls wait; retry/);
  });

  it("serves calls in the order they came, under a steady closed loop", { timeout: 60_000 }, async () => {
    const pool = keep(new EnginePool({ engines: ["logic"], threads: 1, maxQueue: 16 }));
    await pool.ready();
    const started: number[] = [];
    const finished: number[] = [];
    let next = 0;
    const client = async () => {
      while (next < 60) {
        const i = next++;
        started.push(i);
        await pool.run("logic", { expression: `(AND (GT x ${i}) (LT x ${i + 5}))` });
        finished.push(i);
      }
    };
    await Promise.all([1, 2, 3, 4, 5, 6].map(client));
    assert.deepEqual(finished, started);
  });

  it("a call made while the pool warms up starts its deadline only once it is warm", { timeout: 60_000 }, async () => {
    // Starting a worker with Z3 takes well over the 1 s this deadline allows (2 s and more here).
    const pool = keep(new EnginePool({ engines: ["logic"], threads: 1, maxQueue: 4, deadlineMs: () => 1_000 }));
    const verdict = await pool.run("logic", EASY_LOGIC);
    assert.equal(verdict.status, "VERIFIED", verdict.message);
  });

  it("a pool closed while it warms up (a SIGTERM during start) ends its warm-up without an error", {
    timeout: 30_000,
  }, async () => {
    const pool = new EnginePool({ engines: ["logic"], threads: 1, maxQueue: 4 });
    await pool.close();
    await pool.started;
  });

  it("refuses an engine it does not run, naming both", { timeout: 30_000 }, async () => {
    const pool = keep(new EnginePool({ engines: ["math"], threads: 1, maxQueue: 1 }));
    await assert.rejects(pool.run("logic", EASY_LOGIC), /engine pool runs math; it was asked for logic/);
  });
});

describe("deadlines", () => {
  it("logic gets its solver timeout plus the grace period; math a fixed bound", async () => {
    const { deadlineMs, LOGIC_GRACE_MS } = await import("./task.js");
    assert.equal(deadlineMs({ engine: "logic", input: { expression: "x", timeout_ms: 500 } }), 500 + LOGIC_GRACE_MS);
    assert.equal(deadlineMs({ engine: "logic", input: { expression: "x" } }), 2_000 + LOGIC_GRACE_MS);
    assert.equal(
      deadlineMs({ engine: "logic", input: { expression: "x", timeout_ms: 10 ** 9 } }),
      2_000 + LOGIC_GRACE_MS,
    );
    assert.equal(deadlineMs({ engine: "logic", input: null }), 2_000 + LOGIC_GRACE_MS);
    assert.equal(deadlineMs({ engine: "math", input: {} }), 2_000);
  });
});
