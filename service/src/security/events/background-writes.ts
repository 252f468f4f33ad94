import type { FastifyBaseLogger } from "fastify";
import type { Counter } from "prom-client";

/**
 * Log rows written beside the request rather than in its path: an answer never waits for, nor
 * fails because of, Postgres. A failed write is logged and counted; flush() awaits what is pending
 * (tests, shutdown).
 */
export class BackgroundWrites {
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly logger: FastifyBaseLogger,
    private readonly failures: Counter<"table">,
  ) {}

  /** Starts `write` of `rows` rows; the promise returned settles with it and never rejects. */
  start(table: string, write: () => Promise<unknown>, rows = 1): Promise<void> {
    const settled: Promise<void> = write()
      .then(
        () => undefined,
        (error: unknown) => this.fail(table, error, rows),
      )
      .finally(() => this.#pending.delete(settled));
    this.#pending.add(settled);
    return settled;
  }

  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  private fail(table: string, error: unknown, rows: number): void {
    this.failures.inc({ table }, rows);
    const { code, message } = error as { code?: unknown; message?: unknown };
    this.logger.error({ table, rows, err: { code, message } }, "log rows not written");
  }
}
