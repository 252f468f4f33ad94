import { z } from "zod";
import { CronExpressionParser } from "cron-parser";

/**
 * The one schema for every stack's configuration (`Pulumi.<stack>.yaml`, keys under `verifier:`).
 * Types elsewhere derive from it. Pulumi.yaml declares no keys (the CLI would demand every optional one).
 */

const DIGEST_REF = /^[a-z0-9][a-z0-9._/:-]*@sha256:[a-f0-9]{64}$/;
const TAG_REF = /^[a-z0-9][a-z0-9._/:-]*(:[A-Za-z0-9._-]{1,128})?$/;

export const imageRef = z.string().refine((v) => DIGEST_REF.test(v) || TAG_REF.test(v), {
  message: "must be an image reference: name[:tag] or name@sha256:<64 hex>",
});

export const isDigestRef = (ref: string): boolean => DIGEST_REF.test(ref);

const cron = z.string().refine(isValidCron, {
  message: 'must be a 5-field cron expression, e.g. "0 2 * * *" (daily 02:00 UTC)',
});

export function isValidCron(expr: string): boolean {
  if (expr.trim().split(/\s+/).length !== 5) return false;
  try {
    CronExpressionParser.parse(expr, { tz: "UTC" });
    return true;
  } catch {
    return false;
  }
}

const port = z.number().int().min(1).max(65535);

/** Resource limits of one container. */
export const limitsSchema = z.strictObject({
  /** Memory limit, MiB. */
  memoryMiB: z.number().int().min(16).max(65536),
  /** CPU limit, cores (fractions allowed). */
  cpus: z.number().positive().max(64),
  /** Maximum number of processes/threads. */
  pids: z.number().int().min(8).max(32768),
});

const serviceNames = ["proxy", "api", "postgres", "redis", "prometheus", "backup", "sandbox"] as const;
export const serviceRoleSchema = z.enum(serviceNames);
export type ServiceRole = z.infer<typeof serviceRoleSchema>;

export const DEFAULT_LIMITS: Record<ServiceRole, z.infer<typeof limitsSchema>> = {
  proxy: { memoryMiB: 128, cpus: 0.5, pids: 128 },
  api: { memoryMiB: 512, cpus: 1, pids: 256 },
  postgres: { memoryMiB: 1024, cpus: 1, pids: 256 },
  redis: { memoryMiB: 256, cpus: 0.5, pids: 64 },
  prometheus: { memoryMiB: 512, cpus: 0.5, pids: 128 },
  backup: { memoryMiB: 512, cpus: 0.5, pids: 128 },
  sandbox: { memoryMiB: 1024, cpus: 1, pids: 128 },
};

const limitsOverrides = z.strictObject(
  Object.fromEntries(serviceNames.map((n) => [n, limitsSchema.partial().optional()])) as Record<
    ServiceRole,
    z.ZodOptional<ReturnType<typeof limitsSchema.partial>>
  >,
);

const imagesSchema = z.strictObject({
  /** "build": images are built offline from Debian packages; "registry": the refs below are pulled. */
  source: z.enum(["build", "registry"]).default("build"),
  ...(Object.fromEntries(serviceNames.map((n) => [n, imageRef.optional()])) as Record<
    ServiceRole,
    z.ZodOptional<typeof imageRef>
  >),
});

/** The api's own defaults (service/src/config.ts), restated so a stack file without the key renders them. */
const RATE_LIMIT_DEFAULTS = { perKeyPerMinute: 600, globalPerMinute: 6000, preAuthPerAddressPerMinute: 300 };

/** A claim's size as Kubernetes writes it, in binary units. */
const claimSize = z
  .string()
  .regex(/^[1-9]\d{0,5}(Mi|Gi|Ti)$/, 'a size such as "10Gi": 1-999999 followed by Mi, Gi or Ti');

export const stackConfigSchema = z.strictObject({
  /** What kind of environment this stack is; drives the rules below (prod: digests, TLS+HSTS, WAL). */
  tier: z.enum(["local", "staging", "prod", "drills"]),
  /** Where the model is rendered: one Docker host or a Kubernetes cluster. Default docker. */
  target: z.enum(["docker", "kubernetes"]).default("docker"),
  images: imagesSchema.default({ source: "build" }),
  /** The colour receiving traffic. Declared state: runbooks update it; a later `up` keeps it. */
  activeColour: z.enum(["blue", "green"]).default("blue"),
  /** Declared api image per colour (blue/green releases); unset colours run images.api. */
  releases: z.strictObject({ blue: imageRef.optional(), green: imageRef.optional() }).default({}),
  /** api containers per colour. Default 1. */
  apiReplicas: z.number().int().min(1).max(20).default(1),
  /** Address the proxy publishes on. Default 127.0.0.1 (never 0.0.0.0 by default). */
  publishAddress: z.ipv4().default("127.0.0.1"),
  /** Host port of the proxy's HTTPS listener. Default 8443. */
  httpsPort: port.default(8443),
  /**
   * Host ports of the proxy's per-colour preview listeners (HTTPS, published on 127.0.0.1 only), which
   * reach one colour whatever is live: the runbooks smoke the idle colour there before a switch. Pulumi
   * stacks need them for `ops deploy|flip|rollback`. Default none: no preview listener.
   */
  previewPorts: z.strictObject({ blue: port, green: port }).optional(),
  tls: z
    .strictObject({
      /** "self-signed": a CA and certificate are generated locally; "provided": from secrets. */
      mode: z.enum(["self-signed", "provided"]).default("self-signed"),
      /** Send Strict-Transport-Security. Default false (true required on prod). */
      hsts: z.boolean().default(false),
    })
    .default({ mode: "self-signed", hsts: false }),
  limits: limitsOverrides.default({}),
  backup: z
    .strictObject({
      /** Cron expression, UTC. Default daily 02:00. */
      schedule: cron.default("0 2 * * *"),
      /** Verified backups kept. Default 14. */
      retain: z.number().int().min(1).max(365).default(14),
      /** Continuous WAL archiving into the backup volume. Default false (true required on prod). */
      walArchiving: z.boolean().default(false),
      /** Force a WAL segment switch at least this often, seconds. Default 60. */
      archiveTimeoutSeconds: z.number().int().min(1).max(3600).default(60),
      /** Named volume or absolute host path holding dumps and WAL. Default the named volume "backups". */
      location: z.string().min(1).default("backups"),
    })
    .default({
      schedule: "0 2 * * *",
      retain: 14,
      walArchiving: false,
      archiveTimeoutSeconds: 60,
      location: "backups",
    }),
  objectives: z
    .strictObject({
      /** Recovery time objective, seconds. Default 900. */
      rtoSeconds: z.number().int().positive().default(900),
      /**
       * Recovery point objective, seconds. Default 86400 (daily dumps). Refused when the backup block
       * cannot meet it (infra/config/recoveryPoint.ts): the schedule's longest gap, or the archive timeout.
       */
      rpoSeconds: z.number().int().positive().default(86400),
    })
    .default({ rtoSeconds: 900, rpoSeconds: 86400 }),
  metrics: z
    .strictObject({
      /** Prometheus scrape interval, seconds. Default 15. */
      scrapeIntervalSeconds: z.number().int().min(1).max(300).default(15),
      /** Prometheus retention, days. Default 15. */
      retentionDays: z.number().int().min(1).max(3650).default(15),
    })
    .default({ scrapeIntervalSeconds: 15, retentionDays: 15 }),
  service: z
    .strictObject({
      /** Maximum characters of any text field reaching an engine. Default 2000. */
      inputMaxChars: z.number().int().min(1).max(100000).default(2000),
      /** Origins allowed by CORS. Default none. */
      corsOrigins: z.array(z.url()).default([]),
      logLevel: z.enum(["fatal", "error", "warn", "info", "debug"]).default("info"),
      /** Registers GET /debug/slow (tests prove draining with it). Default false; refused on staging/prod. */
      testRoutes: z.boolean().default(false),
      /**
       * Load shedding (the api's SHED_* variables): past either threshold gated routes answer 503 OVERLOADED
       * with Retry-After. 0 turns a check off; prod refuses both off.
       */
      overload: z
        .strictObject({
          /** Event-loop utilisation, 0-1 over each 1 s sample. Default 0.95. */
          maxEventLoopUtilization: z.number().min(0).max(1).default(0.95),
          /** Mean event-loop delay, ms. Default 1000. */
          maxEventLoopDelayMs: z.number().int().min(0).max(60_000).default(1000),
        })
        .default({ maxEventLoopUtilization: 0.95, maxEventLoopDelayMs: 1000 }),
      /**
       * The gateway's per-minute limits (the api's RATE_LIMIT_* and PRE_AUTH_LIMIT_* variables); past one
       * a request answers 429 with Retry-After. Counted in Redis, so shared by every replica of both colours.
       */
      rateLimits: z
        .strictObject({
          /** Requests per API key. Default 600. */
          perKeyPerMinute: z.number().int().min(1).max(1_000_000).default(600),
          /** Requests of all keys together. Default 6000. */
          globalPerMinute: z.number().int().min(1).max(10_000_000).default(6000),
          /** Requests per client address that need authentication work (no key, or one not verified recently). Default 300. */
          preAuthPerAddressPerMinute: z.number().int().min(1).max(1_000_000).default(300),
        })
        .default(RATE_LIMIT_DEFAULTS),
    })
    .default({
      inputMaxChars: 2000,
      corsOrigins: [],
      logLevel: "info",
      testRoutes: false,
      overload: { maxEventLoopUtilization: 0.95, maxEventLoopDelayMs: 1000 },
      rateLimits: RATE_LIMIT_DEFAULTS,
    }),
  sandbox: z
    .strictObject({
      /** Run the sandbox service. Default true; when false the API answers BLOCKED SANDBOX_UNAVAILABLE. */
      enabled: z.boolean().default(true),
      poolSize: z.number().int().min(1).max(32).default(2),
      /**
       * Per-job maxima: wall time ms (default 5000), memory MiB (128), output bytes (65536). Within what
       * the sandbox and the api accept (their SANDBOX_MAX_*; tests/unit/api-env-contract.test.ts).
       */
      maxWallMs: z.number().int().min(100).max(60000).default(5000),
      maxMemoryMiB: z.number().int().min(16).max(1024).default(128),
      maxOutputBytes: z.number().int().min(1024).max(1_048_576).default(65536),
    })
    .default({ enabled: true, poolSize: 2, maxWallMs: 5000, maxMemoryMiB: 128, maxOutputBytes: 65536 }),
  kubernetes: z
    .strictObject({
      namespace: z
        .string()
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
        .default("verifier"),
      /** kubeconfig context; default the current one. */
      context: z.string().optional(),
      /** Namespace whose Prometheus may scrape the api metrics port. */
      prometheusNamespace: z.string().default("monitoring"),
      storageClass: z.string().optional(),
      /**
       * Claim sizes. Postgres's is fixed by the first `up` (a StatefulSet's claim template cannot change;
       * grow the claim itself where its class allows expansion); the backups claim may grow, never shrink.
       */
      claims: z
        .strictObject({ pgdata: claimSize.default("10Gi"), backups: claimSize.default("20Gi") })
        .default({ pgdata: "10Gi", backups: "20Gi" }),
      /** Use an existing database instead of the in-cluster StatefulSet. */
      externalDatabaseHost: z.string().optional(),
    })
    .optional(),
});

export type StackConfig = z.infer<typeof stackConfigSchema>;
export type Tier = StackConfig["tier"];
export type Colour = StackConfig["activeColour"];
export const SERVICE_ROLES = serviceNames;
