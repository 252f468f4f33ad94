import assert from "node:assert/strict";
import { test } from "vitest";
import { authenticatedShare, batchTargets, keysFor, mixTargets } from "./mix.js";

test("every key carries the same authenticated targets, liveness goes without a key", () => {
  const t = mixTargets(["k1", "k2"], ["math", "batch"]);
  assert.deepEqual(
    t.map((x) => [x.label, x.headers?.["x-api-key"]]),
    [
      ["health_live", undefined],
      ["math", "k1"],
      ["batch", "k1"],
      ["health_live", undefined],
      ["math", "k2"],
      ["batch", "k2"],
    ],
  );
  assert.equal(authenticatedShare(t), 4 / 6);
  assert.deepEqual(
    t.map((x) => x.headers?.["idempotency-key"]),
    [undefined, undefined, "mix-batch-{n}", undefined, undefined, "mix-batch-{n}"],
    "a batch carries an Idempotency-Key numbered like its items, so a replay is safe",
  );
  assert.match(t[1]!.body!, /"expression":"x \+ \{n\} = \{n\} \+ x"/);
  assert.match(
    mixTargets(["k"], ["stats"])[1]!.body!,
    /\[1,2,3,4,5,6,7,\{n\}\]/,
    "a bare {n} becomes a number once substituted",
  );
  assert.throws(() => mixTargets(["k"], ["nope"]), /choose from math/);
});

test("keys keep each within its budget of the per-key limit; a rate past the global budget is refused", () => {
  const limits = { perKeyPerMinute: 600, globalPerMinute: 6000 };
  assert.equal(keysFor(17, limits), 4);
  assert.equal(keysFor(1, limits), 1);
  assert.throws(() => keysFor(81, limits), /global rate limit \(6000\/min\); lower --rate/);
});

test("a batch target per key holds distinct claims", () => {
  const [t] = batchTargets(["k"], 3);
  const items = JSON.parse(t!.body!).items as { input: { expression: string } }[];
  assert.equal(new Set(items.map((i) => i.input.expression)).size, 3);
});
