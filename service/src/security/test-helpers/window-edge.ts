import { setTimeout as sleep } from "node:timers/promises";
import { WINDOW_MS } from "../rate-limit/window.js";

/** How close to a rate-limit window's end a counting test may start. */
const EDGE_MS = 3_000;

/**
 * Waits, if needed, until a fresh one-minute window has begun, so a test that counts requests
 * never sees its window roll over half-way (which would reset the counts).
 */
export async function awayFromWindowEdge(now: () => number = Date.now): Promise<void> {
  const left = WINDOW_MS - (now() % WINDOW_MS);
  if (left < EDGE_MS) await sleep(left + 50);
}
