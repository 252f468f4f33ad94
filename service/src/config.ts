import { z } from "zod";
import {
  absolutePath,
  httpUrl,
  int,
  optionalSecret,
  optionalText,
  origins,
  proxies,
  ratio,
  ratioOrOff,
  secret,
  SECRET_NAMES,
  text,
} from "./config-fields.js";
import { DEFAULT_MAX_EVENT_LOOP_DELAY_MS, DEFAULT_MAX_EVENT_LOOP_UTILIZATION } from "./plugins/overload.js";
import { CLIENT_LIMIT_RULES, type LimitEnv } from "./config-rules.js";
import { readUtf8, resolveSecretFiles, type ResolvedFiles } from "./config-secret-files.js";

export { Secret } from "./config-fields.js";

/** One entry a variable; units are in the names, defaults in `describe`. */
const envObject = z
  .object({
    /** Interface the API listens on. */
    HOST: text("a host or IP address (default 0.0.0.0)").default("0.0.0.0"),
    /** API port. */
    PORT: int(1, 65535, 8080),
    /** Metrics listener port; never the API port so /metrics stays off the edge network. */
    METRICS_PORT: int(1, 65535, 9464),
    /** Interface the metrics listener binds; on Docker this container's alias on the metrics network, so no other network reaches it. */
    METRICS_HOST: optionalText("a host name or IP address of this container (default: the value of HOST)"),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info")
      .describe("fatal|error|warn|info|debug|trace|silent (default info)"),
    /** Blue/green slot; infra must set it in containers, the default serves local runs. */
    APP_COLOUR: z.enum(["blue", "green"]).default("blue").describe("blue|green (default blue)"),
    /** Sent as x-app-version on every response, hence the header-safe alphabet. */
    // The deployed image reference (e.g. registry/api@sha256:…), echoed in x-app-version.
    APP_VERSION: z
      .string()
      .regex(/^[A-Za-z0-9._+:/@-]{1,200}$/)
      .default("dev")
      .describe("1-200 characters of A-Z a-z 0-9 . _ + : / @ - (an image reference; default dev)"),
    DATABASE_HOST: text("a host name or IP address (required)"),
    DATABASE_PORT: int(1, 65535, 5432),
    DATABASE_NAME: text("a database name (required)"),
    DATABASE_USER: text("a database role (required)"),
    DATABASE_PASSWORD: secret("DATABASE_PASSWORD"),
    /** The role migrations run as (it owns the schema), when the serving role may not change it. */
    DATABASE_MIGRATION_USER: optionalText(
      "a database role that owns the schema, with DATABASE_MIGRATION_PASSWORD (default: DATABASE_USER)",
    ),
    DATABASE_MIGRATION_PASSWORD: optionalSecret("DATABASE_MIGRATION_PASSWORD"),
    REDIS_HOST: text("a host name or IP address (required)"),
    REDIS_PORT: int(1, 65535, 6379),
    /** Optional: the host Redis used by tests has no password. */
    REDIS_PASSWORD: optionalSecret("REDIS_PASSWORD"),
    /** Read later by the gateway feature; only its shape is checked here. */
    BOOTSTRAP_ADMIN_KEY_FILE: absolutePath,
    SANDBOX_URL: httpUrl,
    /** The sandbox's /metrics, relayed at /metrics/sandbox on the metrics listener so Prometheus never joins the sandbox network. */
    SANDBOX_METRICS_URL: httpUrl,
    SANDBOX_TOKEN: optionalSecret("SANDBOX_TOKEN"),
    /**
     * The sandbox's own maxima (its SANDBOX_MAX_* settings, the same ranges and defaults): the api states
     * them in its document and refuses a job above them itself, so what the document allows the sandbox takes.
     */
    SANDBOX_MAX_WALL_MS: int(50, 60_000, 5000),
    SANDBOX_MAX_MEMORY_MIB: int(16, 1024, 128),
    SANDBOX_MAX_OUTPUT_BYTES: int(1024, 1_048_576, 65_536),
    /** Largest accepted problem input, in characters. */
    INPUT_MAX_CHARS: int(1, 1_000_000, 2000),
    CORS_ORIGINS: origins,
    /** Bounded wait for Postgres at boot before giving up with exit 1. */
    DB_WAIT_TIMEOUT_MS: int(0, 600_000, 30_000),
    /** Drain budget after SIGTERM; below the container's 45 s stop grace period. */
    SHUTDOWN_GRACE_MS: int(100, 600_000, 40_000),
    /** Requests per API key per fixed one-minute window. */
    RATE_LIMIT_PER_KEY_PER_MINUTE: int(1, 1_000_000, 600),
    /** Requests of all keys together per fixed one-minute window, shared by every instance via Redis. */
    RATE_LIMIT_GLOBAL_PER_MINUTE: int(1, 10_000_000, 6000),
    /** Peers whose X-Forwarded-For names the client (the reverse proxy); others are the client themselves. */
    TRUST_PROXY: proxies,
    /** Requests per client address per minute that need authentication work (no key, or one not in the verified cache). */
    PRE_AUTH_LIMIT_PER_ADDRESS_PER_MINUTE: int(1, 1_000_000, 300),
    /** Failed scrypt verifications per key id and client address per minute; past it, 429 without scrypt. */
    AUTH_FAILURES_PER_KEY_ADDRESS_PER_MINUTE: int(1, 10_000, 5),
    /** Distinct coalesced security events held between writes; past it they fold into per-type overflow rows. */
    SECURITY_EVENT_QUEUE_MAX: int(1, 100_000, 200),
    /** Interval between writes of the coalesced security events, in milliseconds. */
    SECURITY_EVENT_FLUSH_MS: int(50, 600_000, 1000),
    /** Similarity score (0-1] from which natural-language input is blocked as prompt injection. */
    INJECTION_THRESHOLD: ratio(0.75),
    /** Lifetime of a verified API key in the in-process cache; bounds how long a revoke takes on other instances. */
    API_KEY_CACHE_TTL_MS: int(0, 300_000, 10_000),
    /** Lifetime of a cached verdict in Redis, in seconds; 0 disables the cache. */
    VERIFICATION_CACHE_TTL_SECONDS: int(0, 604_800, 3600),
    /** Deadline of each gateway Redis command (rate limit, cache) before falling back, in milliseconds. */
    REDIS_COMMAND_TIMEOUT_MS: int(10, 10_000, 150),
    /** Namespace of the gateway's Redis keys; both colours share it so limits and cache are global. */
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,64}$/)
      .default("verifier:")
      .describe("1-64 characters of A-Z a-z 0-9 : _ - (default verifier:)"),
    /** Deadline of one verification (engine run), in milliseconds; a late engine yields UNVERIFIABLE TIMEOUT. */
    VERIFY_TIMEOUT_MS: int(100, 120_000, 15_000),
    /**
     * Event-loop utilisation (0-1, over each 1 s sample) from which gated routes are shed with 503 OVERLOADED
     * + Retry-After (plugins/overload.ts); 0 turns the check off. Health routes are never shed.
     */
    SHED_MAX_EVENT_LOOP_UTILIZATION: ratioOrOff(DEFAULT_MAX_EVENT_LOOP_UTILIZATION),
    /** Mean event-loop delay (ms, over each sample) from which gated routes are shed; 0 turns the check off. */
    SHED_MAX_EVENT_LOOP_DELAY_MS: int(0, 60_000, DEFAULT_MAX_EVENT_LOOP_DELAY_MS),
    /** Gated requests one process works on at once; past it they are shed with 503 + Retry-After (plugins/in-flight.ts). */
    MAX_IN_FLIGHT: int(1, 10_000, 64),
    /**
     * Of MAX_IN_FLIGHT, the most one caller (API key, else client address) holds; past it 429 CONCURRENCY_LIMITED.
     * A quarter by default: one key cannot take the process, and 16 covers its 10 requests/s rate limit at 1.6 s each.
     */
    MAX_IN_FLIGHT_PER_CALLER: int(1, 10_000, 16),
    /** Of MAX_IN_FLIGHT, slots only admin keys may take, so an operator can still revoke a key mid-flood. */
    IN_FLIGHT_ADMIN_RESERVE: int(0, 1_000, 4),
    /** Deadline for a client's request headers, in milliseconds (Node headersTimeout); past it 408 REQUEST_TIMEOUT. */
    HEADERS_TIMEOUT_MS: int(100, 120_000, 10_000),
    /** Deadline for a request body, from the end of authentication to its last byte, in milliseconds; past it 408 BODY_TIMEOUT. */
    BODY_TIMEOUT_MS: int(100, 600_000, 10_000),
    /** Deadline for a whole request, first byte to last, in milliseconds (Node requestTimeout): the backstop of the two above. */
    REQUEST_TIMEOUT_MS: int(200, 900_000, 30_000),
    /**
     * A socket silent both ways this long is destroyed, in milliseconds (Fastify connectionTimeout): it bounds a client
     * that stops reading its answer. Above the proxy's 60 s `timeout server`, so it never cuts an answer the proxy awaits.
     */
    CONNECTION_IDLE_TIMEOUT_MS: int(1_000, 3_600_000, 120_000),
    /** Items of one /verify/batch verified at the same time. */
    BATCH_CONCURRENCY: int(1, 32, 4),
    /** Worker threads of the math engine (engines/pool): its work never runs on the event loop. */
    ENGINE_MATH_THREADS: int(1, 16, 1),
    /** Worker threads of the logic engine, each with its own Z3 (about 135 MiB each); one slow query holds one. */
    ENGINE_LOGIC_THREADS: int(1, 16, 1),
    /** Engine calls that may wait for a thread, per engine; past it a call answers UNVERIFIABLE TIMEOUT (busy). */
    ENGINE_QUEUE_MAX: int(1, 10_000, 64),
    /** Deadline of one call to the sandbox service, in milliseconds. */
    SANDBOX_TIMEOUT_MS: int(100, 120_000, 10_000),
    /** Strict-Transport-Security on every answer: set as the stack's tls.hsts (the TLS proxy sets and strips it the same way). */
    HSTS: z
      .enum(["true", "false"])
      .default("false")
      .transform((v) => v === "true")
      .describe('"true" or "false" (default false)'),
    /** Registers /debug/* routes used by the drain tests; never in production. */
    ENABLE_TEST_ROUTES: z
      .enum(["true", "false"])
      .default("false")
      .transform((v) => v === "true")
      .describe('"true" or "false" (default false)'),
  })
  .refine((env) => (env.DATABASE_MIGRATION_USER === undefined) === (env.DATABASE_MIGRATION_PASSWORD === undefined), {
    path: ["DATABASE_MIGRATION_USER"],
    error: "a role named together with DATABASE_MIGRATION_PASSWORD (or its _FILE), or neither of the two",
    when: (payload) =>
      !payload.issues.some((i) =>
        ["DATABASE_MIGRATION_USER", "DATABASE_MIGRATION_PASSWORD"].includes(String(i.path?.[0])),
      ),
  })
  .refine((env) => env.PORT !== env.METRICS_PORT, {
    path: ["METRICS_PORT"],
    error: (issue) =>
      `an integer from 1 to 65535 that differs from PORT (both are ${(issue.input as { PORT: number }).PORT})`,
    when: (payload) => !payload.issues.some((i) => ["PORT", "METRICS_PORT"].includes(String(i.path?.[0]))),
  });
// Every problem at once: a rule is checked unless one of its own variables already failed to parse.
const envSchema = CLIENT_LIMIT_RULES.reduce(
  (schema, { name, uses, holds, bound }) =>
    schema.refine(holds, {
      path: [name],
      error: (issue) => `${bound(issue.input as LimitEnv)}; ${envObject.shape[name].description}`,
      when: (payload) => !payload.issues.some((i) => ([name, ...uses] as string[]).includes(String(i.path?.[0]))),
    }),
  envObject,
).transform(toConfig);

function toConfig(env: z.output<typeof envObject>) {
  return {
    host: env.HOST,
    port: env.PORT,
    metricsHost: env.METRICS_HOST ?? env.HOST,
    metricsPort: env.METRICS_PORT,
    logLevel: env.LOG_LEVEL,
    app: { colour: env.APP_COLOUR, version: env.APP_VERSION },
    database: {
      host: env.DATABASE_HOST,
      port: env.DATABASE_PORT,
      name: env.DATABASE_NAME,
      user: env.DATABASE_USER,
      password: env.DATABASE_PASSWORD,
      /** Who migrations connect as: the schema's owner, or the serving role when none is named. */
      migration: {
        user: env.DATABASE_MIGRATION_USER ?? env.DATABASE_USER,
        password: env.DATABASE_MIGRATION_PASSWORD ?? env.DATABASE_PASSWORD,
      },
      waitTimeoutMs: env.DB_WAIT_TIMEOUT_MS,
    },
    redis: { host: env.REDIS_HOST, port: env.REDIS_PORT, password: env.REDIS_PASSWORD },
    sandbox: {
      url: env.SANDBOX_URL,
      token: env.SANDBOX_TOKEN,
      metricsUrl: env.SANDBOX_METRICS_URL,
      maxima: {
        wallMs: env.SANDBOX_MAX_WALL_MS,
        memoryMib: env.SANDBOX_MAX_MEMORY_MIB,
        outputBytes: env.SANDBOX_MAX_OUTPUT_BYTES,
      },
    },
    bootstrapAdminKeyFile: env.BOOTSTRAP_ADMIN_KEY_FILE,
    inputMaxChars: env.INPUT_MAX_CHARS,
    corsOrigins: env.CORS_ORIGINS,
    hsts: env.HSTS,
    trustProxy: env.TRUST_PROXY,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    enableTestRoutes: env.ENABLE_TEST_ROUTES,
    security: securityConfig(env),
    overload: {
      maxEventLoopUtilization: env.SHED_MAX_EVENT_LOOP_UTILIZATION,
      maxEventLoopDelayMs: env.SHED_MAX_EVENT_LOOP_DELAY_MS,
    },
    engineThreads: {
      mathThreads: env.ENGINE_MATH_THREADS,
      logicThreads: env.ENGINE_LOGIC_THREADS,
      queueMax: env.ENGINE_QUEUE_MAX,
    },
    inFlight: {
      max: env.MAX_IN_FLIGHT,
      perCaller: env.MAX_IN_FLIGHT_PER_CALLER,
      adminReserve: env.IN_FLIGHT_ADMIN_RESERVE,
    },
    clientTimeouts: {
      headersMs: env.HEADERS_TIMEOUT_MS,
      bodyMs: env.BODY_TIMEOUT_MS,
      requestMs: env.REQUEST_TIMEOUT_MS,
      connectionIdleMs: env.CONNECTION_IDLE_TIMEOUT_MS,
    },
  };
}

function securityConfig(env: z.output<typeof envObject>) {
  return {
    rateLimit: {
      perKeyPerMinute: env.RATE_LIMIT_PER_KEY_PER_MINUTE,
      globalPerMinute: env.RATE_LIMIT_GLOBAL_PER_MINUTE,
    },
    injectionThreshold: env.INJECTION_THRESHOLD,
    apiKeyCacheTtlMs: env.API_KEY_CACHE_TTL_MS,
    verificationCacheTtlSeconds: env.VERIFICATION_CACHE_TTL_SECONDS,
    redisCommandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    verifyTimeoutMs: env.VERIFY_TIMEOUT_MS,
    batchConcurrency: env.BATCH_CONCURRENCY,
    sandboxTimeoutMs: env.SANDBOX_TIMEOUT_MS,
    preAuthPerAddressPerMinute: env.PRE_AUTH_LIMIT_PER_ADDRESS_PER_MINUTE,
    authFailuresPerKeyAddressPerMinute: env.AUTH_FAILURES_PER_KEY_ADDRESS_PER_MINUTE,
    events: { queueMax: env.SECURITY_EVENT_QUEUE_MAX, flushMs: env.SECURITY_EVENT_FLUSH_MS },
  };
}

export type Config = z.output<typeof envSchema>;
export type Env = Readonly<Record<string, string | undefined>>;
export type ReadFile = (path: string) => string;

/** Thrown with every problem at once, one `NAME: received ...; allowed: ...` line each. */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(readonly problems: readonly string[]) {
    super(`invalid environment (${problems.length} problem(s)):\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Validates the environment before anything starts; throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env, readFile: ReadFile = readUtf8): Config {
  const files = resolveSecretFiles(env, readFile);
  const result = envSchema.safeParse({ ...env, ...files.values });
  const problems = result.success ? [] : result.error.issues.map((issue) => describeIssue(issue, env, files));
  if (files.problems.length > 0 || problems.length > 0) throw new ConfigError([...files.problems, ...problems]);
  return (result as { data: Config }).data;
}

function describeIssue(issue: z.core.$ZodIssue, env: Env, files: ResolvedFiles): string {
  const key = String(issue.path[0] ?? "environment");
  const allowed =
    issue.code === "custom" ? issue.message : envObject.shape[key as keyof typeof envObject.shape]?.description;
  return `${files.sources[key] ?? key}: received ${describeValue(key, files.values[key] ?? env[key])}; allowed: ${allowed ?? issue.message}`;
}

/** Secrets are reported by length only, so an error line can be pasted anywhere. */
function describeValue(key: string, value: string | undefined): string {
  if (value === undefined) return "missing";
  return (SECRET_NAMES as readonly string[]).includes(key)
    ? `${value.length} characters (value hidden)`
    : JSON.stringify(value);
}
