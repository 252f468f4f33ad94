import type { EventAggregate, EventQueue } from "./event-queue.js";

/**
 * Writes the queue out every `flushMs`, one batch (one INSERT) at a time. While a batch is being
 * written, refusals keep coalescing in the bounded queue instead of starting more writes, so a
 * slow or absent Postgres costs at most the queue and one batch of memory, and the table gets at
 * most one batch per interval however many refusals arrive.
 */
export class EventWriter {
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;

  /** `write` must not reject: failures are logged and counted by the caller (BackgroundWrites). */
  constructor(
    private readonly queue: EventQueue,
    private readonly write: (batch: EventAggregate[]) => Promise<void>,
    private readonly flushMs: number,
  ) {}

  /** Starts the interval; it never keeps the process alive on its own. */
  start(): void {
    this.#timer ??= setInterval(() => void this.tick(), this.flushMs).unref();
  }

  /**
   * Writes everything queued so far and waits for it (admin reads, tests, shutdown): the write in flight,
   * then one more for what queued meanwhile. Bounded: a failed write puts its batch back in the queue
   * (SecurityEventLog), and a reader must not spin while Postgres is down.
   */
  async flush(): Promise<void> {
    for (let round = 0; round < 2 && (this.#inFlight || this.queue.size > 0); round += 1)
      await (this.#inFlight ?? this.tick());
  }

  /** Stops the interval, then writes what is left. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  private tick(): Promise<void> {
    if (this.#inFlight || this.queue.size === 0) return this.#inFlight ?? Promise.resolve();
    const written = this.write(this.queue.drain()).finally(() => (this.#inFlight = undefined));
    this.#inFlight = written;
    return written;
  }
}
