import type { Counts } from "./window.js";

/**
 * Per-process counters used while Redis is unreachable: the limits then hold per instance
 * instead of across instances, which beats refusing or failing requests.
 */
export class MemoryCounter {
  #windowStartMs = -1;
  #global = 0;
  readonly #perKey = new Map<string, number>();

  increment(windowStartMs: number, keyId: string): Counts {
    if (windowStartMs !== this.#windowStartMs) this.reset(windowStartMs);
    const key = (this.#perKey.get(keyId) ?? 0) + 1;
    this.#perKey.set(keyId, key);
    this.#global += 1;
    return { key, global: this.#global };
  }

  /** Takes back one count of `keyId` (a refund); a count of an earlier window is gone already. */
  decrement(windowStartMs: number, keyId: string): void {
    const key = this.#perKey.get(keyId);
    if (windowStartMs !== this.#windowStartMs || key === undefined) return;
    this.#perKey.set(keyId, Math.max(0, key - 1));
    this.#global = Math.max(0, this.#global - 1);
  }

  /** A new window starts every count again and drops the old keys, so memory stays bounded. */
  private reset(windowStartMs: number): void {
    this.#windowStartMs = windowStartMs;
    this.#global = 0;
    this.#perKey.clear();
  }
}
