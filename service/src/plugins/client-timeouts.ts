import type { FastifyHttpOptions } from "fastify";
import type { Server } from "node:http";
import type { Config } from "../config.js";

export type ClientTimeouts = Config["clientTimeouts"];

/** Node checks headersTimeout and requestTimeout only every connectionsCheckingInterval, by default 30 s. */
const MAX_CHECKING_INTERVAL_MS = 1_000;

/**
 * How often Node looks for requests past their deadline: a quarter of the shorter one, at most 1 s,
 * so a deadline is enforced within a quarter of itself instead of up to 30 s late.
 */
export function connectionsCheckingIntervalMs(timeouts: ClientTimeouts): number {
  return Math.min(MAX_CHECKING_INTERVAL_MS, Math.ceil(Math.min(timeouts.headersMs, timeouts.requestMs) / 4));
}

/**
 * The server options that bound how long a client may take to send a request (plain data; app.ts
 * passes them to Fastify). Fastify's requestTimeout defaults to 0, which switches Node's off
 * altogether: a request whose body never completes was never answered.
 */
export function serverTimeoutOptions(
  timeouts: ClientTimeouts,
): Pick<FastifyHttpOptions<Server>, "connectionTimeout" | "requestTimeout" | "http"> {
  return {
    connectionTimeout: timeouts.connectionIdleMs,
    requestTimeout: timeouts.requestMs,
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: connectionsCheckingIntervalMs(timeouts),
    },
  };
}
