import { Counter, type Registry } from "prom-client";

/** The gateway's counters, in the app's registry beside the skeleton's HTTP metrics. */
export interface GatewayMetrics {
  securityEventsTotal: Counter<"type" | "layer">;
  /** Audit or security-event rows lost because Postgres refused them. */
  logWriteFailuresTotal: Counter<"table">;
  /** Redis calls that failed or were late, so memory (rate limit) or the engine (cache) answered. */
  redisFallbacksTotal: Counter<"use">;
  verificationCacheHitsTotal: Counter;
  verificationCacheMissesTotal: Counter;
  /** scrypt runs of presented API keys by outcome (match|mismatch): authentication's CPU as a count. */
  keyVerificationsTotal: Counter<"outcome">;
  /** Refusals counted in an overflow row (key, address and route dropped) because the event queue was full. */
  securityEventOverflowTotal: Counter<"type">;
}

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  return {
    securityEventsTotal: counter(registry, "security_events_total", "Requests refused by the gateway", [
      "type",
      "layer",
    ]),
    logWriteFailuresTotal: counter(
      registry,
      "security_log_write_failures_total",
      "Audit/security rows that could not be written",
      ["table"],
    ),
    redisFallbacksTotal: counter(
      registry,
      "gateway_redis_fallbacks_total",
      "Gateway Redis calls that failed or timed out",
      ["use"],
    ),
    verificationCacheHitsTotal: counter(
      registry,
      "verification_cache_hits_total",
      "Verdicts answered from the Redis cache",
      [],
    ),
    verificationCacheMissesTotal: counter(
      registry,
      "verification_cache_misses_total",
      "Verdicts not found in the Redis cache",
      [],
    ),
    keyVerificationsTotal: counter(
      registry,
      "api_key_verifications_total",
      "scrypt verifications of presented API keys",
      ["outcome"],
    ),
    securityEventOverflowTotal: counter(
      registry,
      "security_event_queue_overflow_total",
      "Security events whose detail was dropped because the write queue was full (still counted)",
      ["type"],
    ),
  };
}

/** Reuses a counter already in `registry`, so building a second app on one registry cannot throw. */
function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = registry.getSingleMetric(name);
  return (existing as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
}
