import type { QueryResult, QueryResultRow } from "pg";
import type { Histogram } from "prom-client";

/** A pg Pool or a checked-out client. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/** Runs one query and records its duration (success or failure) under `operation`. */
export async function timedQuery<R extends QueryResultRow = QueryResultRow>(
  db: Queryable,
  histogram: Histogram<"operation">,
  operation: string,
  text: string,
  values?: unknown[],
): Promise<QueryResult<R>> {
  const stop = histogram.startTimer({ operation });
  try {
    return await db.query<R>(text, values);
  } finally {
    stop();
  }
}
