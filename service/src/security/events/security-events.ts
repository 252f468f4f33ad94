import type { Histogram } from "prom-client";
import { timedQuery, type Queryable } from "../../db/timed-query.js";
import type { BackgroundWrites } from "./background-writes.js";
import { EventQueue, type EventAggregate } from "./event-queue.js";
import type { SecurityEvent, SecurityEventType } from "./event-types.js";
import { EventWriter } from "./event-writer.js";

export { EVENT_TYPES, type SecurityEvent, type SecurityEventType, type SecurityLayer } from "./event-types.js";

export interface StoredEvent {
  id: string;
  occurred_at: string;
  type: SecurityEventType;
  layer: string;
  reason: string;
  key_id: string | null;
  request_id: string;
  input_sha256: string | null;
  count: number;
  last_occurred_at: string;
  client_address: string | null;
  route: string | null;
  coalesced: boolean;
}

export interface EventLogOptions {
  /** SECURITY_EVENT_QUEUE_MAX and SECURITY_EVENT_FLUSH_MS. */
  queueMax: number;
  flushMs: number;
  /** Called for each refusal counted in an overflow row because the queue was full. */
  onOverflow: (event: SecurityEvent) => void;
}

export const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', ${ISO_UTC})`;
const COLUMNS = `id::text, ${utc("occurred_at")} AS occurred_at, type, layer, reason, key_id, request_id, input_sha256, count,
  ${utc("COALESCE(last_occurred_at, occurred_at)")} AS last_occurred_at, client_address, route, coalesced`;
const INSERT = `INSERT INTO security_events
  (occurred_at, last_occurred_at, type, layer, reason, key_id, request_id, input_sha256, client_address, route, count, coalesced)
  SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::char(64)[], $9::text[], $10::text[], $11::int[], $12::boolean[])`;

/** The security_events table: refusals coalesced in memory and written in batches, read by the admin routes. */
export class SecurityEventLog {
  readonly #queue: EventQueue;
  readonly #writer: EventWriter;

  constructor(
    private readonly db: Queryable,
    private readonly histogram: Histogram<"operation">,
    writes: BackgroundWrites,
    private readonly options: EventLogOptions,
  ) {
    this.#queue = new EventQueue(options.queueMax);
    this.#writer = new EventWriter(
      this.#queue,
      // A batch that fails to write (Postgres down or restarting) goes back in the queue for the next write:
      // each attempt is logged and counted as not written, and the refusals are written once Postgres answers.
      (batch) =>
        writes.start(
          "security_events",
          () =>
            this.insert(batch).catch((error: unknown) => {
              this.#queue.putBack(batch);
              throw error;
            }),
          batch.length,
        ),
      options.flushMs,
    );
    this.#writer.start();
  }

  record(event: SecurityEvent, at: Date = new Date()): void {
    if (!this.#queue.add(event, at)) this.options.onOverflow(event);
  }

  /** Writes what is queued and waits for it; close() also stops the interval. */
  flush(): Promise<void> {
    return this.#writer.flush();
  }

  close(): Promise<void> {
    return this.#writer.close();
  }

  /** Rows in [from, to), oldest first, at most `limit`; each stands for `count` refusals. */
  async list(from: Date, to: Date, limit: number): Promise<StoredEvent[]> {
    const sql = `SELECT ${COLUMNS} FROM security_events WHERE occurred_at >= $1 AND occurred_at < $2 ORDER BY occurred_at, id LIMIT $3`;
    return (await timedQuery(this.db, this.histogram, "security_event_list", sql, [from, to, limit]))
      .rows as StoredEvent[];
  }

  private insert(batch: EventAggregate[]) {
    const column = <T>(pick: (row: EventAggregate) => T) => batch.map(pick);
    const values = [
      column((r) => r.firstAt),
      column((r) => r.lastAt),
      column((r) => r.type),
      column((r) => r.layer),
      column((r) => r.reason),
      column((r) => r.keyId),
      column((r) => r.requestId),
      column((r) => r.inputSha256),
      column((r) => r.clientAddress),
      column((r) => r.route),
      column((r) => r.count),
      column((r) => r.coalesced),
    ];
    return timedQuery(this.db, this.histogram, "security_event_insert", INSERT, values);
  }
}
