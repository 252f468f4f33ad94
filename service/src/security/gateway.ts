import type { FastifyBaseLogger } from "fastify";
import type { RouteContext } from "../routes/context.js";
import { AuditLog } from "./events/audit-log.js";
import { BackgroundWrites } from "./events/background-writes.js";
import { SecurityEventLog } from "./events/security-events.js";
import { InjectionDetector } from "./injection/detector.js";
import { KeyAuthenticator } from "./keys/authenticate.js";
import { VerifiedKeyCache } from "./keys/key-cache.js";
import { KeyStore } from "./keys/key-store.js";
import { VerificationBudget } from "./keys/verification-budget.js";
import { createGatewayMetrics, type GatewayMetrics } from "./metrics.js";
import { AddressLimiter } from "./rate-limit/address-limiter.js";
import { RateLimiter } from "./rate-limit/limiter.js";
import { WindowCounter } from "./rate-limit/window-counter.js";

/** Everything the security gateway and the API routes share, built once per app. */
export interface Gateway {
  keys: KeyStore;
  keyCache: VerifiedKeyCache;
  authenticator: KeyAuthenticator;
  /** Per client address, before authentication (unauthenticated callers included). */
  addressLimiter: AddressLimiter;
  limiter: RateLimiter;
  detector: InjectionDetector;
  events: SecurityEventLog;
  audit: AuditLog;
  writes: BackgroundWrites;
  metrics: GatewayMetrics;
}

export function createGateway(context: RouteContext, logger: FastifyBaseLogger): Gateway {
  const { pool, redis, config } = context;
  const { security } = config;
  const histogram = context.metrics.dbQueryDurationSeconds;
  const metrics = createGatewayMetrics(context.metrics.registry);
  const writes = new BackgroundWrites(logger, metrics.logWriteFailuresTotal);
  const keys = new KeyStore(pool, histogram);
  const keyCache = new VerifiedKeyCache(security.apiKeyCacheTtlMs);
  const redisOptions = { redis, prefix: security.redisKeyPrefix, timeoutMs: security.redisCommandTimeoutMs };
  const counter = (use: string) =>
    new WindowCounter({ ...redisOptions, onFallback: () => metrics.redisFallbacksTotal.inc({ use }) });
  const budget = new VerificationBudget(counter("verification_budget"), security.authFailuresPerKeyAddressPerMinute);
  return {
    keys,
    keyCache,
    writes,
    metrics,
    authenticator: new KeyAuthenticator(keys, keyCache, budget, metrics.keyVerificationsTotal),
    addressLimiter: new AddressLimiter(counter("address_limit"), security.preAuthPerAddressPerMinute),
    limiter: new RateLimiter({
      ...redisOptions,
      limits: security.rateLimit,
      onFallback: () => metrics.redisFallbacksTotal.inc({ use: "rate_limit" }),
    }),
    detector: new InjectionDetector({ threshold: security.injectionThreshold }),
    events: new SecurityEventLog(pool, histogram, writes, {
      ...security.events,
      onOverflow: (event) => metrics.securityEventOverflowTotal.inc({ type: event.type }),
    }),
    audit: new AuditLog(pool, histogram, writes),
  };
}
