import type { FastifyPluginAsync } from "fastify";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { Config } from "../config.js";
import { debugRoutes } from "../lifecycle/debug-routes.js";
import type { DrainState } from "../lifecycle/drain-state.js";
import type { Metrics } from "../plugins/metrics.js";
import { apiRoutes } from "./api.js";
import { healthRoutes } from "./health.js";
import { openApiRoutes } from "./openapi.js";

/** What every route plugin receives as its options. */
export interface RouteContext {
  config: Config;
  pool: pg.Pool;
  redis: Redis;
  metrics: Metrics;
  drain: DrainState;
  /** Deadline of each readiness probe, in milliseconds. */
  readinessTimeoutMs: number;
}

export interface RouteEntry {
  name: string;
  plugin: FastifyPluginAsync<RouteContext>;
  /** Registered only when this returns true; default always. */
  enabled?: (config: Config) => boolean;
}

/** Every route plugin of the API, in registration order: a feature adds its line here. */
export const routeTable: readonly RouteEntry[] = [
  { name: "health", plugin: healthRoutes },
  { name: "openapi", plugin: openApiRoutes },
  { name: "api", plugin: apiRoutes },
  { name: "debug", plugin: debugRoutes, enabled: (config) => config.enableTestRoutes },
];

export function enabledRoutes(config: Config, table: readonly RouteEntry[] = routeTable): RouteEntry[] {
  return table.filter((entry) => entry.enabled?.(config) ?? true);
}
