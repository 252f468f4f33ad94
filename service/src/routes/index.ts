import type { FastifyPluginAsync } from "fastify";
import type { Config } from "../config.js";
import { debugRoutes } from "../lifecycle/debug-routes.js";
import { apiRoutes } from "./api.js";
import type { RouteContext } from "./context.js";
import { healthRoutes } from "./health.js";
import { openApiRoutes } from "./openapi.js";

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
