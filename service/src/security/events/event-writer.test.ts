import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { EventAggregate } from "./event-queue.js";
import { EventQueue } from "./event-queue.js";
import type { SecurityEvent } from "./event-types.js";
import { EventWriter } from "./event-writer.js";

const AT = new Date("2026-01-01T00:00:00.000Z");
const refusal = (clientAddress: string): SecurityEvent => ({
  type: "FORBIDDEN",
  layer: "authorization",
  reason: "FORBIDDEN",
  keyId: "k",
  requestId: "r",
  inputSha256: null,
  clientAddress,
  route: null,
});

/** A write whose completion the test controls, recording each batch. */
function gatedWrites() {
  const batches: EventAggregate[][] = [];
  const releases: (() => void)[] = [];
  const write = (batch: EventAggregate[]) =>
    new Promise<void>((resolve) => {
      batches.push(batch);
      releases.push(resolve);
    });
  const releaseAll = () => {
    for (const release of releases.splice(0)) release();
  };
  return { batches, write, releaseAll };
}

describe("EventWriter", () => {
  it("writes one batch at a time: refusals arriving meanwhile coalesce in the queue for the next", async () => {
    const queue = new EventQueue(10);
    const { batches, write, releaseAll } = gatedWrites();
    const writer = new EventWriter(queue, write, 600_000);
    queue.add(refusal("a"), AT);
    const flushed = writer.flush();
    for (let i = 0; i < 100; i += 1) queue.add(refusal("b"), AT);
    assert.equal(batches.length, 1, "no second write while the first is pending");
    assert.equal(queue.size, 1);
    releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    releaseAll();
    await flushed;
    assert.deepEqual(
      batches.map((batch) => batch.map((row) => [row.clientAddress, row.count])),
      [[["a", 1]], [["b", 100]]],
    );
  });

  it("close() stops the interval and writes what is left", async () => {
    const queue = new EventQueue(10);
    const written: EventAggregate[][] = [];
    const writer = new EventWriter(queue, async (batch) => void written.push(batch), 600_000);
    writer.start();
    queue.add(refusal("a"), AT);
    await writer.close();
    assert.deepEqual(
      written.map((batch) => batch.length),
      [1],
    );
  });
});
