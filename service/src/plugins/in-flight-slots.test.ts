import { test } from "vitest";
import assert from "node:assert/strict";
import { InFlightSlots, refusal } from "./in-flight-slots.js";

const LIMITS = { max: 4, perCaller: 2, adminReserve: 1 };

test("refusal: the caller's share first, then the shared slots, then the admin reserve", () => {
  const cases: Array<[total: number, held: number, admin: boolean, expected: unknown]> = [
    [0, 0, false, undefined],
    [2, 1, false, undefined],
    [
      1,
      2,
      false,
      {
        status: 429,
        code: "CONCURRENCY_LIMITED",
        why: "this caller already has 2 requests in flight (MAX_IN_FLIGHT_PER_CALLER)",
      },
    ],
    [
      4,
      2,
      true,
      {
        status: 429,
        code: "CONCURRENCY_LIMITED",
        why: "this caller already has 2 requests in flight (MAX_IN_FLIGHT_PER_CALLER)",
      },
    ],
    [3, 0, false, { status: 503, code: "OVERLOADED", why: "3 requests in flight; the rest are kept for admin keys" }],
    [3, 0, true, undefined],
    [4, 0, true, { status: 503, code: "OVERLOADED", why: "4 requests in flight" }],
  ];
  for (const [total, held, admin, expected] of cases) {
    assert.deepEqual(refusal(LIMITS, total, held, admin), expected, `total ${total}, held ${held}, admin ${admin}`);
  }
});

test("InFlightSlots counts per caller, refuses past the limits, and returns to zero with no caller left", () => {
  const slots = new InFlightSlots(LIMITS);
  const a = { id: "key:a", admin: false };
  const taken = [slots.take(a), slots.take(a), slots.take({ id: "key:b", admin: false })];
  assert.deepEqual(slots.take(a), refusal(LIMITS, 3, 2, false));
  assert.equal(slots.full, false);
  const admin = slots.take({ id: "key:root", admin: true });
  assert.deepEqual([slots.total, slots.callers, slots.full], [4, 3, true]);
  for (const slot of [...taken, admin]) {
    assert.ok("release" in slot);
    slot.release();
    slot.release();
  }
  assert.deepEqual([slots.total, slots.callers, slots.full], [0, 0, false]);
});
