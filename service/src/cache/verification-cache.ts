import type { Redis } from "ioredis";
import { canonicalJson, type Json } from "../engines/json.js";
import { withDeadline } from "../security/deadline.js";
import type { GatewayMetrics } from "../security/metrics.js";
import { sha256Hex } from "../security/sha256.js";

export interface VerificationCacheOptions {
  redis: Redis;
  /** REDIS_KEY_PREFIX. */
  prefix: string;
  /** Part of every entry's name, so a new release never answers with an older engine's verdict. */
  appVersion: string;
  /** Entry lifetime in seconds (VERIFICATION_CACHE_TTL_SECONDS); 0 turns the cache off. */
  ttlSeconds: number;
  /** Deadline of each Redis call (REDIS_COMMAND_TIMEOUT_MS); a late or failed call counts as a miss. */
  timeoutMs: number;
  metrics: Pick<GatewayMetrics, "verificationCacheHitsTotal" | "verificationCacheMissesTotal" | "redisFallbacksTotal">;
}

/**
 * Verdicts of repeated verifications, keyed by engine and normalised input. Redis trouble only
 * ever costs a miss: get answers undefined, set gives up, nothing throws.
 */
export class VerificationCache<V> {
  constructor(private readonly options: VerificationCacheOptions) {}

  async get(engine: string, input: unknown): Promise<V | undefined> {
    if (this.options.ttlSeconds === 0) return undefined;
    const stored = await this.call(() => this.options.redis.get(this.entryName(engine, input)));
    const hit = parseStored<V>(stored);
    (hit === undefined
      ? this.options.metrics.verificationCacheMissesTotal
      : this.options.metrics.verificationCacheHitsTotal
    ).inc();
    return hit;
  }

  async set(engine: string, input: unknown, verdict: V): Promise<void> {
    if (this.options.ttlSeconds === 0) return;
    await this.call(() =>
      this.options.redis.set(this.entryName(engine, input), JSON.stringify(verdict), "EX", this.options.ttlSeconds),
    );
  }

  /** `<prefix>vc:<version>:<engine>:<sha256 of the canonical, NFC-normalised, trimmed input>`. */
  entryName(engine: string, input: unknown): string {
    const digest = sha256Hex(canonicalJson(normaliseInput(input)));
    return `${this.options.prefix}vc:${this.options.appVersion}:${engine}:${digest}`;
  }

  private async call<T>(command: () => Promise<T>): Promise<T | undefined> {
    try {
      return await withDeadline(command(), this.options.timeoutMs, "redis verification cache");
    } catch {
      this.options.metrics.redisFallbacksTotal.inc({ use: "cache" });
      return undefined;
    }
  }
}

/** An entry that is not JSON (written by hand, truncated) is a miss, not an error. */
function parseStored<V>(stored: string | null | undefined): V | undefined {
  if (typeof stored !== "string") return undefined;
  try {
    return JSON.parse(stored) as V;
  } catch {
    return undefined;
  }
}

/** Spelling that cannot change a verdict: key order (canonical JSON), Unicode form, outer whitespace. */
export function normaliseInput(value: unknown): Json {
  if (typeof value === "string") return value.normalize("NFC").trim();
  if (Array.isArray(value)) return value.map(normaliseInput);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normaliseInput(item)]));
  }
  return value as Json;
}
