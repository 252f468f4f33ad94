import type { FastifyBaseLogger } from "fastify";
import type { RouteContext } from "../routes/index.js";
import { AuditLog } from "./events/audit-log.js";
import { BackgroundWrites } from "./events/background-writes.js";
import { SecurityEventLog } from "./events/security-events.js";
import { InjectionDetector } from "./injection/detector.js";
import { KeyAuthenticator } from "./keys/authenticate.js";
import { VerifiedKeyCache } from "./keys/key-cache.js";
import { KeyStore } from "./keys/key-store.js";
import { createGatewayMetrics, type GatewayMetrics } from "./metrics.js";
import { RateLimiter } from "./rate-limit/limiter.js";

/** Everything the security gateway and the API routes share, built once per app. */
export interface Gateway {
  keys: KeyStore;
  keyCache: VerifiedKeyCache;
  authenticator: KeyAuthenticator;
  limiter: RateLimiter;
  detector: InjectionDetector;
  events: SecurityEventLog;
  audit: AuditLog;
  writes: BackgroundWrites;
  metrics: GatewayMetrics;
}

export function createGateway(context: RouteContext, logger: FastifyBaseLogger): Gateway {
  const { pool, redis, config } = context;
  const histogram = context.metrics.dbQueryDurationSeconds;
  const metrics = createGatewayMetrics(context.metrics.registry);
  const writes = new BackgroundWrites(logger, metrics.logWriteFailuresTotal);
  const keys = new KeyStore(pool, histogram);
  const keyCache = new VerifiedKeyCache(config.security.apiKeyCacheTtlMs);
  const limiter = new RateLimiter({
    redis, prefix: config.security.redisKeyPrefix, limits: config.security.rateLimit, timeoutMs: config.security.redisCommandTimeoutMs,
    onFallback: () => metrics.redisFallbacksTotal.inc({ use: "rate_limit" }),
  });
  return {
    keys, keyCache, limiter, writes, metrics,
    authenticator: new KeyAuthenticator(keys, keyCache),
    detector: new InjectionDetector({ threshold: config.security.injectionThreshold }),
    events: new SecurityEventLog(pool, histogram, writes),
    audit: new AuditLog(pool, histogram, writes),
  };
}
