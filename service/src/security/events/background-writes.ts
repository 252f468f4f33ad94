import type { FastifyBaseLogger } from "fastify";
import type { Counter } from "prom-client";

/**
 * Log rows written beside the request rather than in its path: an answer never waits for, nor
 * fails because of, Postgres. A failed write is logged and counted; flush() awaits what is pending
 * (tests, shutdown).
 */
export class BackgroundWrites {
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly logger: FastifyBaseLogger, private readonly failures: Counter<"table">) {}

  start(table: string, write: () => Promise<unknown>): void {
    const settled: Promise<void> = write().then(
      () => undefined,
      (error: unknown) => this.fail(table, error),
    ).finally(() => this.#pending.delete(settled));
    this.#pending.add(settled);
  }

  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  private fail(table: string, error: unknown): void {
    this.failures.inc({ table });
    const { code, message } = error as { code?: unknown; message?: unknown };
    this.logger.error({ table, err: { code, message } }, "log row not written");
  }
}
