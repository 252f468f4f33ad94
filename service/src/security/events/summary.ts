import type { Histogram } from "prom-client";
import { timedQuery, type Queryable } from "../../db/timed-query.js";
import { ISO_UTC } from "./security-events.js";

export interface SecuritySummary {
  from: string;
  to: string;
  /** Refusals, not rows: each row stands for `count` coalesced refusals. */
  total: number;
  by_layer: Record<string, number>;
  by_type: Record<string, number>;
  /** One entry per hour that had BLOCKED events, oldest first; `hour` is the hour's start (UTC). */
  blocks_per_hour: { hour: string; count: number }[];
}

/** Refusals in [from, to) (rows by their first refusal): by gateway layer, by type, and blocks per hour. */
export async function summariseEvents(
  db: Queryable,
  histogram: Histogram<"operation">,
  from: Date,
  to: Date,
): Promise<SecuritySummary> {
  const range = "occurred_at >= $1 AND occurred_at < $2";
  const query = (sql: string) => timedQuery(db, histogram, "security_summary", sql, [from, to]);
  const [layers, types, hours] = await Promise.all([
    query(`SELECT layer AS name, sum(count)::bigint AS count FROM security_events WHERE ${range} GROUP BY layer`),
    query(`SELECT type AS name, sum(count)::bigint AS count FROM security_events WHERE ${range} GROUP BY type`),
    query(`SELECT to_char(date_trunc('hour', occurred_at AT TIME ZONE 'UTC'), ${ISO_UTC}) AS hour, sum(count)::bigint AS count
      FROM security_events WHERE ${range} AND type = 'BLOCKED' GROUP BY 1 ORDER BY 1`),
  ]);
  const by_type = countsByName(types.rows);
  const total = Object.values(by_type).reduce((sum, count) => sum + count, 0);
  const blocks_per_hour = hours.rows.map((row) => ({ hour: String(row.hour), count: Number(row.count) }));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    total,
    by_layer: countsByName(layers.rows),
    by_type,
    blocks_per_hour,
  };
}

function countsByName(rows: Record<string, unknown>[]): Record<string, number> {
  return Object.fromEntries(rows.map((row) => [String(row.name), Number(row.count)]));
}
