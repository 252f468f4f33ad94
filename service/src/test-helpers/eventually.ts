import { setTimeout as sleep } from "node:timers/promises";

/**
 * Retries `check` every `intervalMs` until it returns true; fails after `timeoutMs`. For states
 * that settle on their own (a reconnect), bounded so a broken recovery fails instead of hanging.
 */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(intervalMs);
  }
  throw new Error(`condition not reached within ${timeoutMs} ms`);
}
