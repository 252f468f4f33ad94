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
