/**
 * Work that concurrent callers share: a caller asking for a key whose work is in flight gets that
 * work's promise (its value or its failure); the next caller after it settles starts it again.
 */
export class SingleFlight<T> {
  readonly #inFlight = new Map<string, Promise<T>>();

  /** The work of `key` in flight, if any. */
  running(key: string): Promise<T> | undefined {
    return this.#inFlight.get(key);
  }

  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.#inFlight.get(key);
    if (running) return running;
    const started = Promise.resolve()
      .then(work)
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return started;
  }
}
