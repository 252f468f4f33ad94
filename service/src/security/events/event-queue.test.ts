import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { EventQueue } from "./event-queue.js";
import type { SecurityEvent } from "./event-types.js";

const AT = new Date("2026-01-01T00:00:00.000Z");
const later = (ms: number) => new Date(AT.getTime() + ms);
const refusal = (clientAddress: string, requestId = "r1"): SecurityEvent => ({
  type: "AUTH_FAILED",
  layer: "auth",
  reason: "AUTH_REQUIRED",
  keyId: null,
  requestId,
  inputSha256: null,
  clientAddress,
  route: "GET /admin/keys",
});

describe("EventQueue", () => {
  it("coalesces identical refusals into one aggregate keeping the first request id and both times", () => {
    const queue = new EventQueue(10);
    queue.add(refusal("198.51.100.7", "r1"), AT);
    queue.add(refusal("198.51.100.7", "r2"), later(5));
    queue.add(refusal("198.51.100.8", "r3"), later(9));
    assert.deepEqual(queue.drain(), [
      { ...refusal("198.51.100.7", "r1"), count: 2, firstAt: AT, lastAt: later(5), coalesced: false },
      { ...refusal("198.51.100.8", "r3"), count: 1, firstAt: later(9), lastAt: later(9), coalesced: false },
    ]);
    assert.equal(queue.size, 0);
  });

  it("tells apart refusals that differ in type, layer, reason, key, address or route", () => {
    const queue = new EventQueue(10);
    const base = refusal("a");
    for (const event of [
      base,
      { ...base, reason: "AUTH_INVALID" },
      { ...base, keyId: "k" },
      { ...base, route: "POST /verify/math" },
      { ...base, clientAddress: "b" },
    ])
      queue.add(event, AT);
    assert.equal(queue.size, 5);
  });

  it("past capacity, counts new refusals in one overflow aggregate per type, layer and reason, without their detail", () => {
    const queue = new EventQueue(2);
    const kept = [0, 1, 2, 3, 4].map((i) => queue.add(refusal(`10.0.0.${i}`, `r${i}`), later(i)));
    assert.deepEqual(kept, [true, true, false, false, false]);
    assert.equal(queue.add(refusal("10.0.0.1"), later(9)), true, "an aggregate already held still counts in place");
    const drained = queue.drain();
    assert.deepEqual(
      drained.map((row) => [row.clientAddress, row.count, row.coalesced]),
      [
        ["10.0.0.0", 1, false],
        ["10.0.0.1", 2, false],
        [null, 3, true],
      ],
    );
    assert.deepEqual(
      [drained[2]!.route, drained[2]!.keyId, drained[2]!.requestId, drained[2]!.lastAt],
      [null, null, "r2", later(4)],
    );
  });

  it("stays bounded whatever arrives: capacity plus one overflow aggregate per kind of refusal", () => {
    const queue = new EventQueue(50);
    for (let i = 0; i < 3_000; i += 1)
      queue.add({ ...refusal(`10.0.${i >> 8}.${i & 255}`), reason: i % 2 ? "AUTH_INVALID" : "AUTH_REQUIRED" }, AT);
    assert.equal(queue.size, 52);
    assert.equal(
      queue.drain().reduce((sum, row) => sum + row.count, 0),
      3_000,
    );
  });

  it("takes back a failed batch: merged with newer refusals of the same kind (the earlier sample kept), folded into overflow when full", () => {
    const queue = new EventQueue(2);
    queue.add(refusal("a", "r1"), AT);
    queue.add(refusal("b", "r2"), later(1));
    const failed = queue.drain();
    queue.add(refusal("a", "r3"), later(5));
    queue.add(refusal("c", "r4"), later(6));
    queue.putBack(failed);
    const stripped = { ...refusal("b", "r2"), keyId: null, clientAddress: null, route: null };
    assert.deepEqual(queue.drain(), [
      { ...refusal("a", "r1"), count: 2, firstAt: AT, lastAt: later(5), coalesced: false },
      { ...stripped, count: 1, firstAt: later(1), lastAt: later(1), coalesced: true },
      { ...refusal("c", "r4"), count: 1, firstAt: later(6), lastAt: later(6), coalesced: false },
    ]);
  });
});
