import type { SecurityEvent } from "./event-types.js";

/** Refusals coalesced into one row: how many, when the first and last came, the first's ids. */
export interface EventAggregate extends SecurityEvent {
  count: number;
  firstAt: Date;
  lastAt: Date;
  /** True for an overflow row: the queue was full, so key, address and route were not kept. */
  coalesced: boolean;
}

/**
 * Refusals waiting to be written, coalesced by (type, layer, reason, key, address, route).
 * At most `capacity` such aggregates are held; past it a refusal is counted in an overflow
 * aggregate of its (type, layer, reason) instead. Those are fixed code sets, so the overflow
 * holds a handful of entries: memory stays bounded whatever callers send, and no refusal is
 * left uncounted, only stripped of the detail that could not be kept.
 */
export class EventQueue {
  #entries = new Map<string, EventAggregate>();
  #overflow = new Map<string, EventAggregate>();

  constructor(private readonly capacity: number) {}

  /** Counts one refusal seen at `at`; returns false when it went to the overflow aggregate. */
  add(event: SecurityEvent, at: Date): boolean {
    const detailed = identity(event);
    const existing = this.#entries.get(detailed);
    if (existing || this.#entries.size < this.capacity) {
      this.#entries.set(detailed, merge(existing, event, at, false));
      return true;
    }
    const stripped: SecurityEvent = { ...event, keyId: null, clientAddress: null, route: null };
    const key = identity(stripped);
    this.#overflow.set(key, merge(this.#overflow.get(key), stripped, at, true));
    return false;
  }

  /**
   * Takes back a batch whose write failed, so the next write carries it: each aggregate merges with
   * one of the same identity (counts add up, the earlier first refusal stays the sample), or takes a
   * free place, or, with the queue full, folds into its overflow aggregate. Nothing is dropped.
   */
  putBack(batch: readonly EventAggregate[]): void {
    for (const row of batch) {
      const detailed = identity(row);
      if (row.coalesced || (!this.#entries.has(detailed) && this.#entries.size >= this.capacity)) {
        const stripped = { ...row, keyId: null, clientAddress: null, route: null, coalesced: true };
        const key = identity(stripped);
        this.#overflow.set(key, combine(this.#overflow.get(key), stripped));
      } else this.#entries.set(detailed, combine(this.#entries.get(detailed), row));
    }
  }

  /** Distinct aggregates held, overflow ones included. */
  get size(): number {
    return this.#entries.size + this.#overflow.size;
  }

  /** Everything held, oldest first; the queue starts empty again. */
  drain(): EventAggregate[] {
    const drained = [...this.#entries.values(), ...this.#overflow.values()];
    this.#entries = new Map();
    this.#overflow = new Map();
    return drained.sort((a, b) => a.firstAt.getTime() - b.firstAt.getTime());
  }
}

function identity(event: SecurityEvent): string {
  return JSON.stringify([event.type, event.layer, event.reason, event.keyId, event.clientAddress, event.route]);
}

/** Two aggregates of one identity as one: the earlier's sample, both counts, the widest time span. */
function combine(held: EventAggregate | undefined, back: EventAggregate): EventAggregate {
  if (!held) return { ...back };
  const sample = back.firstAt < held.firstAt ? back : held;
  return {
    ...sample,
    count: held.count + back.count,
    firstAt: sample.firstAt,
    lastAt: back.lastAt > held.lastAt ? back.lastAt : held.lastAt,
    coalesced: held.coalesced,
  };
}

/** The first refusal's request id and input hash stand for the aggregate (a sample to look up). */
function merge(
  existing: EventAggregate | undefined,
  event: SecurityEvent,
  at: Date,
  coalesced: boolean,
): EventAggregate {
  if (!existing) return { ...event, count: 1, firstAt: at, lastAt: at, coalesced };
  existing.count += 1;
  existing.lastAt = at;
  return existing;
}
