import assert from "node:assert/strict";
import { afterAll, it } from "vitest";
import { verifyLogic } from "./verify-logic.js";
import { disposeZ3 } from "./z3-runtime.js";

/**
 * Z3 lives in a WASM heap that never shrinks, so anything of a query left behind shows as resident
 * memory that only grows. With solvers and models left to the garbage collector: about 0.85 MiB per
 * query (+170 MiB over these 200), which OOM-killed the api in a soak. Now each query runs in a scope
 * popped when it is done, and a context is renewed every 200 queries (z3-runtime.ts): the measured 200
 * span a renewal. Its own file, so the process's RSS is this test's alone.
 */
const WARM_UP = 50;
const MEASURED = 200;
const ALLOWED_GROWTH_MIB = 40;

afterAll(disposeZ3);

const rssMib = (): number => process.memoryUsage().rss / 2 ** 20;
const query = (i: number) =>
  verifyLogic({ expression: `(AND (GT x${i % 50} 5) (LT y${i % 7} ${i}) (OR p q))` }, undefined);

it(`keeps resident memory flat over ${MEASURED} satisfiable queries (each in a popped scope)`, async () => {
  for (let i = 0; i < WARM_UP; i++) {
    const v = await query(i);
    assert.equal(v.status, "VERIFIED", JSON.stringify(v));
  }
  const before = rssMib();
  for (let i = WARM_UP; i < WARM_UP + MEASURED; i++) assert.equal((await query(i)).status, "VERIFIED");
  const growth = rssMib() - before;
  assert.ok(
    growth < ALLOWED_GROWTH_MIB,
    `RSS grew ${growth.toFixed(1)} MiB over ${MEASURED} queries (allowed < ${ALLOWED_GROWTH_MIB})`,
  );
});
