import { isIP } from "node:net";
import { isAbsolute } from "node:path";
import { z } from "zod";

/**
 * The kinds of value the service's environment holds (config.ts composes them into its one schema):
 * each parses a string and describes what it allows, default included, for error lines.
 */

/** Holds a secret so that logging, JSON or string conversion can only ever show "[redacted]". */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return "[redacted]";
  }
  toJSON(): string {
    return "[redacted]";
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "[redacted]";
  }
}

export const MIN_SECRET_CHARS = 16;
/** Secrets that may come from `NAME` or from the file named by `NAME_FILE`. */
export const SECRET_NAMES = [
  "DATABASE_PASSWORD",
  "DATABASE_MIGRATION_PASSWORD",
  "REDIS_PASSWORD",
  "SANDBOX_TOKEN",
] as const;

export const int = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback)
    .describe(`an integer from ${min} to ${max} (default ${fallback})`);
export const text = (allowed: string) => z.string().min(1).describe(allowed);
/** Optional text whose default `toConfig` derives from another variable; `describe` again, as wrappers drop it. */
export const optionalText = (allowed: string) => text(allowed).optional().describe(allowed);
const secretRule = (name: string) =>
  `at least ${MIN_SECRET_CHARS} characters, in ${name} or a file named by ${name}_FILE`;
export const secret = (name: string) =>
  z
    .string()
    .min(MIN_SECRET_CHARS)
    .transform((value) => new Secret(value))
    .describe(secretRule(name));
export const optionalSecret = (name: string) =>
  secret(name)
    .optional()
    .describe(`${secretRule(name)} (optional)`);
export const absolutePath = z
  .string()
  .refine(isAbsolute, "an absolute file path (optional)")
  .optional()
  .describe("an absolute file path (optional)");
export const httpUrl = z
  .url({ protocol: /^https?$/ })
  .optional()
  .describe("an http(s) URL (optional)");
export const origins = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url({ protocol: /^https?$/ })))
  .describe("comma-separated http(s) origins (default none)");
const PROXY_RANGES = ["loopback", "linklocal", "uniquelocal"];
const isProxyEntry = (entry: string) =>
  PROXY_RANGES.includes(entry) ||
  isIP(entry) !== 0 ||
  (/^[^/]+\/\d{1,3}$/.test(entry) &&
    isIP(entry.split("/")[0]!) !== 0 &&
    Number(entry.split("/")[1]) <= (isIP(entry.split("/")[0]!) === 4 ? 32 : 128));
const proxiesRule = "comma-separated IP addresses, CIDR ranges or loopback|linklocal|uniquelocal (default none)";
export const proxies = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().refine(isProxyEntry, proxiesRule)))
  .describe(proxiesRule);
export const ratio = (fallback: number) =>
  z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/)
    .transform(Number)
    .pipe(z.number().gt(0).max(1))
    .default(fallback)
    .describe(`a decimal number above 0 and at most 1 (default ${fallback})`);
/** A fraction in [0, 1] where 0 turns the check off. */
export const ratioOrOff = (fallback: number) =>
  z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/)
    .transform(Number)
    .default(fallback)
    .describe(`a decimal number from 0 to 1, 0 for off (default ${fallback})`);
