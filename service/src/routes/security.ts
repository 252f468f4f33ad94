import type { FastifyPluginAsync } from "fastify";
import { ApiError } from "../security/errors.js";
import { toCsv } from "../security/events/csv.js";
import { EVENT_TYPES, type StoredEvent } from "../security/events/security-events.js";
import { summariseEvents } from "../security/events/summary.js";
import type { ApiRouteOptions } from "./api-options.js";
import { apiKeySecurity, errorResponses } from "./api-schemas.js";

/** Default look-back of both routes when `from` is omitted, in milliseconds (24 h). */
const DEFAULT_RANGE_MS = 24 * 3_600_000;
/** Longest range one request may ask for, in milliseconds (31 days). */
const MAX_RANGE_MS = 31 * 24 * 3_600_000;
/** The first eight are the columns of earlier exports; each row stands for `count` coalesced refusals. */
const CSV_COLUMNS = [
  "id",
  "occurred_at",
  "type",
  "layer",
  "reason",
  "key_id",
  "request_id",
  "input_sha256",
  "count",
  "last_occurred_at",
  "client_address",
  "route",
  "coalesced",
] as const;
const COLUMN_TYPES: Record<string, string | string[]> = {
  type: "string",
  count: "integer",
  coalesced: "boolean",
  last_occurred_at: "string",
};

const rangeProperties = {
  from: { type: "string", format: "date-time", description: "inclusive start (default: 24 h before `to`)" },
  to: { type: "string", format: "date-time", description: "exclusive end (default: now)" },
} as const;
const eventsQuery = {
  type: "object",
  additionalProperties: false,
  properties: {
    ...rangeProperties,
    format: { type: "string", enum: ["json", "csv"], default: "json" },
    limit: {
      type: "integer",
      minimum: 1,
      maximum: 10_000,
      default: 1_000,
      description: "most events returned (default 1000)",
    },
  },
} as const;
const eventSchema = {
  type: "object",
  properties: Object.fromEntries(
    CSV_COLUMNS.map((column) => [column, { type: COLUMN_TYPES[column] ?? ["string", "null"] }]),
  ),
} as const;
const eventsBody = {
  type: "object",
  required: ["events"],
  properties: { events: { type: "array", items: eventSchema } },
} as const;
const csvBody = { type: "string", description: "text/csv with a header row, when format=csv" } as const;
const summaryBody = {
  type: "object",
  required: ["from", "to", "total", "by_layer", "by_type", "blocks_per_hour"],
  properties: {
    from: { type: "string" },
    to: { type: "string" },
    total: { type: "integer" },
    by_layer: { type: "object", additionalProperties: { type: "integer" } },
    by_type: { type: "object", properties: Object.fromEntries(EVENT_TYPES.map((type) => [type, { type: "integer" }])) },
    blocks_per_hour: {
      type: "array",
      items: { type: "object", properties: { hour: { type: "string" }, count: { type: "integer" } } },
    },
  },
} as const;
const config = { permission: "security:read" } as const;

interface RangeQuery {
  from?: string;
  to?: string;
}

/**
 * Admin views of the security event log: its rows (JSON or CSV, each with its `count`) and a summary of refusals.
 * Each first writes out what this replica has queued, so an admin reads every refusal it has made; another
 * replica's refusals show within its flush interval (SECURITY_EVENT_FLUSH_MS).
 */
export const securityRoutes: FastifyPluginAsync<ApiRouteOptions> = async (app, { gateway, context }) => {
  app.get<{ Querystring: RangeQuery & { format: "json" | "csv"; limit: number } }>(
    "/admin/security/events",
    {
      config,
      schema: {
        tags: ["admin"],
        security: apiKeySecurity,
        querystring: eventsQuery,
        response: { 200: { anyOf: [eventsBody, csvBody] }, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { from, to } = timeRange(request.query);
      await gateway.events.flush();
      const events = await gateway.events.list(from, to, request.query.limit);
      if (request.query.format === "json") return { events };
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="security-events.csv"')
        .send(toCsv<StoredEvent>(events, CSV_COLUMNS));
    },
  );

  app.get<{ Querystring: RangeQuery }>(
    "/admin/security/summary",
    {
      config,
      schema: {
        tags: ["admin"],
        security: apiKeySecurity,
        querystring: { type: "object", additionalProperties: false, properties: rangeProperties },
        response: { 200: summaryBody, ...errorResponses() },
      },
    },
    async (request) => {
      const { from, to } = timeRange(request.query);
      await gateway.events.flush();
      return summariseEvents(context.pool, context.metrics.dbQueryDurationSeconds, from, to);
    },
  );
};

/** [from, to) from the query, defaulting to the last 24 h; refuses reversed or over-long ranges. */
export function timeRange(query: RangeQuery, now: Date = new Date()): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
  const spanMs = to.getTime() - from.getTime();
  if (!(spanMs > 0 && spanMs <= MAX_RANGE_MS)) {
    const received = `${query.from ?? "(24 h before to)"} to ${query.to ?? "(now)"}`;
    throw new ApiError(
      "INVALID_TIME_RANGE",
      `querystring/from and /to: received ${received}; allowed: valid times, from before to, at most 31 days apart`,
    );
  }
  return { from, to };
}
