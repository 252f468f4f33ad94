import type { Gateway } from "../security/gateway.js";
import type { RouteContext } from "./context.js";

/** Options of every gated route plugin: the skeleton's context plus the shared gateway. */
export interface ApiRouteOptions {
  context: RouteContext;
  gateway: Gateway;
}
