import type { Histogram } from "prom-client";
import { timedQuery, type Queryable } from "../../db/timed-query.js";
import { ISO_UTC } from "../../security/events/security-events.js";
import type { ApiVerdict } from "../../security/screen-input.js";
import { jsonbText } from "./jsonb-text.js";

export interface BatchJob {
  id: string;
  status: "running" | "completed";
  item_count: number;
  created_at: string;
  completed_at: string | null;
  results: ApiVerdict[] | null;
}

/** A batch's Idempotency-Key and the SHA-256 of its items, which a repeat must match. */
export interface Idempotency {
  key: string;
  requestSha256: string;
}

/**
 * What to do with a batch: `run` it into job `id` (new, or one whose first attempt died before
 * completing: the engines answer the same items the same way), `replay` the stored completed job, or
 * refuse a `reused` key that came with other items.
 */
export type BatchClaim = { kind: "run"; id: string } | { kind: "replay"; job: BatchJob } | { kind: "reused" };

const COLUMNS = `id::text, status, item_count, results, to_char(created_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS created_at,
  to_char(completed_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS completed_at`;

/** The batch_jobs table. Every read is scoped to the key that created the job. */
export class BatchStore {
  constructor(
    private readonly db: Queryable,
    private readonly histogram: Histogram<"operation">,
  ) {}

  async start(id: string, keyId: string, itemCount: number): Promise<void> {
    await this.query(
      "batch_insert",
      "INSERT INTO batch_jobs (id, key_id, status, item_count) VALUES ($1, $2, 'running', $3)",
      [id, keyId, itemCount],
    );
  }

  /**
   * Stores job `id` under (keyId, idempotency.key) unless that pair holds one already; then answers
   * from the one stored. One statement decides, so two racing repeats claim one row (both may run it:
   * the same items give the same verdicts).
   */
  async claim(id: string, keyId: string, itemCount: number, idempotency: Idempotency): Promise<BatchClaim> {
    const inserted = await this.query(
      "batch_claim",
      `INSERT INTO batch_jobs (id, key_id, status, item_count, idempotency_key, request_sha256)
       VALUES ($1, $2, 'running', $3, $4, $5)
       ON CONFLICT (key_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id::text`,
      [id, keyId, itemCount, idempotency.key, idempotency.requestSha256],
    );
    if (inserted.rows.length === 1) return { kind: "run", id };
    const sql = `SELECT ${COLUMNS}, request_sha256 FROM batch_jobs WHERE key_id = $1 AND idempotency_key = $2`;
    const { request_sha256, ...job } = (await this.query("batch_find_key", sql, [keyId, idempotency.key]))
      .rows[0] as BatchJob & { request_sha256: string };
    if (request_sha256 !== idempotency.requestSha256) return { kind: "reused" };
    return job.status === "completed" ? { kind: "replay", job } : { kind: "run", id: job.id };
  }

  async complete(id: string, results: readonly ApiVerdict[]): Promise<BatchJob> {
    const sql = `UPDATE batch_jobs SET status = 'completed', results = $2, completed_at = now() WHERE id = $1 RETURNING ${COLUMNS}`;
    return (await this.query("batch_complete", sql, [id, jsonbText(results)])).rows[0] as BatchJob;
  }

  /** Undefined both for an unknown id and for another key's job: the caller cannot tell them apart. */
  async find(id: string, keyId: string): Promise<BatchJob | undefined> {
    const sql = `SELECT ${COLUMNS} FROM batch_jobs WHERE id = $1 AND key_id = $2`;
    return (await this.query("batch_find", sql, [id, keyId])).rows[0] as BatchJob | undefined;
  }

  private query(operation: string, sql: string, values: unknown[]) {
    return timedQuery(this.db, this.histogram, operation, sql, values);
  }
}
