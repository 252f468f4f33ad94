import type { Histogram } from "prom-client";
import { timedQuery, type Queryable } from "../../db/timed-query.js";
import type { BackgroundWrites } from "./background-writes.js";

export const EVENT_TYPES = ["BLOCKED", "RATE_LIMITED", "AUTH_FAILED", "FORBIDDEN"] as const;
export type SecurityEventType = (typeof EVENT_TYPES)[number];
/** Where in the gateway the request was refused. */
export type SecurityLayer = "auth" | "authorization" | "rate_limit" | "input_limit" | "injection";

export interface SecurityEvent {
  type: SecurityEventType;
  layer: SecurityLayer;
  /** The stable code the client received (AUTH_INVALID, PROMPT_INJECTION, ...). */
  reason: string;
  keyId: string | null;
  requestId: string;
  /** sha256 hex of the refused input; never the input itself. */
  inputSha256: string | null;
}

export interface StoredEvent {
  id: string;
  occurred_at: string;
  type: SecurityEventType;
  layer: string;
  reason: string;
  key_id: string | null;
  request_id: string;
  input_sha256: string | null;
}

export const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const COLUMNS = `id::text, to_char(occurred_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS occurred_at, type, layer, reason, key_id, request_id, input_sha256`;

/** The security_events table: written in the background, read by the admin routes. */
export class SecurityEventLog {
  constructor(private readonly db: Queryable, private readonly histogram: Histogram<"operation">, private readonly writes: BackgroundWrites) {}

  record(event: SecurityEvent): void {
    const sql = "INSERT INTO security_events (type, layer, reason, key_id, request_id, input_sha256) VALUES ($1, $2, $3, $4, $5, $6)";
    const values = [event.type, event.layer, event.reason, event.keyId, event.requestId, event.inputSha256];
    this.writes.start("security_events", () => timedQuery(this.db, this.histogram, "security_event_insert", sql, values));
  }

  /** Events in [from, to), oldest first, at most `limit`. */
  async list(from: Date, to: Date, limit: number): Promise<StoredEvent[]> {
    const sql = `SELECT ${COLUMNS} FROM security_events WHERE occurred_at >= $1 AND occurred_at < $2 ORDER BY occurred_at, id LIMIT $3`;
    return (await timedQuery(this.db, this.histogram, "security_event_list", sql, [from, to, limit])).rows as StoredEvent[];
  }
}
