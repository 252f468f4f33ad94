import { readFileSync } from "node:fs";
import { z } from "zod";
import { SandboxConfigError } from "./errors.js";

/**
 * The sandbox service's whole configuration surface: environment variables,
 * validated at boot, every problem reported at once naming its variable.
 */
const integer = (min: number, max: number, fallback: number, unit: string) =>
  z.coerce
    .number({ error: `expected an integer in ${unit}` })
    .int({ error: `expected an integer in ${unit}` })
    .min(min, { error: `must be at least ${min} ${unit}` })
    .max(max, { error: `must be at most ${max} ${unit}` })
    .default(fallback);

export const envSchema = z.object({
  /** Address the job API listens on. Default 0.0.0.0. */
  HOST: z.string().min(1).default("0.0.0.0"),
  /** Port of the job API. Default 8090. */
  PORT: integer(1, 65535, 8090, "(a TCP port)"),
  /** Port of the Prometheus metrics endpoint, never the API port. Default 9465. */
  METRICS_PORT: integer(1, 65535, 9465, "(a TCP port)"),
  /** Address the metrics endpoint listens on; on Docker this container's alias on the metrics network. Default HOST. */
  METRICS_HOST: z.string().min(1, { error: "expected a host name or IP address of this container" }).optional(),
  /** Warm workers kept per language. Default 2. */
  SANDBOX_POOL_SIZE: integer(1, 32, 2, "workers"),
  /** Jobs that may wait per language when every worker is busy; more get 503. Default 16. */
  SANDBOX_QUEUE_SIZE: integer(0, 1000, 16, "jobs"),
  /** Highest wall time a job may ask for, and the default. Default 5000 ms. */
  SANDBOX_MAX_WALL_MS: integer(50, 60_000, 5000, "ms"),
  /** Highest memory a job may ask for, and the default. Default 128 MiB. */
  SANDBOX_MAX_MEMORY_MIB: integer(16, 1024, 128, "MiB"),
  /** Highest captured output a job may ask for, and the default. Default 65536 bytes. */
  SANDBOX_MAX_OUTPUT_BYTES: integer(1024, 1_048_576, 65_536, "bytes"),
  /** Captured output line cap (newlines) of every job. Default 1000 lines. */
  SANDBOX_MAX_OUTPUT_LINES: integer(1, 100_000, 1000, "lines"),
  /** pino level. Default info. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SANDBOX_TOKEN: z.string().optional(),
  SANDBOX_TOKEN_FILE: z.string().optional(),
});

export type EnvConfig = z.infer<typeof envSchema>;

export interface SandboxConfig extends Omit<EnvConfig, "SANDBOX_TOKEN" | "SANDBOX_TOKEN_FILE" | "METRICS_HOST"> {
  /** METRICS_HOST, else HOST. */
  METRICS_HOST: string;
  /** The bearer token clients must present. Never logged. */
  token: string;
}

export const MIN_TOKEN_CHARS = 16;

export function loadConfig(env: NodeJS.ProcessEnv, readFile: (path: string) => string = readUtf8): SandboxConfig {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => describeIssue(i, env));
  const token = readToken(env, readFile, problems);
  if (!parsed.success || token === undefined || problems.length > 0) throw new SandboxConfigError(problems);
  const { SANDBOX_TOKEN: _t, SANDBOX_TOKEN_FILE: _f, ...rest } = parsed.data;
  return { ...rest, METRICS_HOST: rest.METRICS_HOST ?? rest.HOST, token };
}

function describeIssue(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): string {
  const name = String(issue.path[0] ?? "environment");
  return `${name}: ${issue.message} (received ${JSON.stringify(env[name])}); set ${name} to a valid value or unset it for the default`;
}

/** SANDBOX_TOKEN_FILE wins over SANDBOX_TOKEN when both are set. */
function readToken(env: NodeJS.ProcessEnv, readFile: (path: string) => string, problems: string[]): string | undefined {
  if (!env.SANDBOX_TOKEN_FILE && !env.SANDBOX_TOKEN) {
    problems.push(
      "SANDBOX_TOKEN: not set; set SANDBOX_TOKEN or SANDBOX_TOKEN_FILE to a secret of at least 16 characters",
    );
    return undefined;
  }
  const [name, token] = env.SANDBOX_TOKEN_FILE
    ? ["SANDBOX_TOKEN_FILE", fromFile(env.SANDBOX_TOKEN_FILE, readFile, problems)]
    : ["SANDBOX_TOKEN", env.SANDBOX_TOKEN?.trim()];
  if (token === undefined) return undefined;
  if (token.length >= MIN_TOKEN_CHARS) return token;
  problems.push(
    `${name}: the token has ${token.length} characters, at least ${MIN_TOKEN_CHARS} are required; generate a longer secret`,
  );
  return undefined;
}

function fromFile(path: string, readFile: (path: string) => string, problems: string[]): string | undefined {
  try {
    return readFile(path).trim();
  } catch (error) {
    problems.push(
      `SANDBOX_TOKEN_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"}); point it at a readable file`,
    );
    return undefined;
  }
}

function readUtf8(path: string): string {
  return readFileSync(path, "utf8");
}
