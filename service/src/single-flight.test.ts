import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { SingleFlight } from "./single-flight.js";

/** Work that has not finished, and finishes only when the test says so. */
function pending() {
  let answer!: () => void;
  const promise = new Promise<void>((resolve) => (answer = resolve));
  return { promise, answer };
}

describe("SingleFlight", () => {
  it("callers during the work in flight share it, a failure included; the next caller after it settles starts it again", async () => {
    let started = 0;
    const first = pending();
    const flight = new SingleFlight<void>();
    const work = () => {
      started += 1;
      return started === 1 ? first.promise : Promise.reject(new Error("ECONNREFUSED"));
    };
    const sharing = [flight.run("k", work), flight.run("k", work), flight.run("k", work)];
    assert.equal(sharing[0], sharing[1]);
    assert.equal(flight.running("k"), sharing[0]);
    first.answer();
    await Promise.all(sharing);
    assert.equal(started, 1);
    assert.equal(flight.running("k"), undefined);
    const second = [flight.run("k", work), flight.run("k", work)];
    for (const result of await Promise.allSettled(second)) assert.equal(result.status, "rejected");
    assert.deepEqual([started, second[0] === second[1]], [2, true]);
  });

  it("keys do not share: each key's work runs on its own", async () => {
    const flight = new SingleFlight<string>();
    assert.deepEqual(await Promise.all([flight.run("a", async () => "a"), flight.run("b", async () => "b")]), [
      "a",
      "b",
    ]);
  });
});
