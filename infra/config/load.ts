import { readFileSync, existsSync } from "node:fs";
import { fromPulumiText } from "./kinds.js";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { stackConfigSchema, type StackConfig } from "./schema.js";
import { withTierRules } from "./rules.js";
import { ConfigError, problemsFrom } from "./errors.js";

/** The Pulumi project name: config keys of this program are `verifier:<key>`. */
export const PROJECT = "verifier";

/** Secret config keys, read with config.requireSecret by Pulumi; never plain values in a stack file. */
export const SECRET_KEYS = [
  "dbPassword",
  "dbOwnerPassword",
  "dbAppPassword",
  "dbBackupPassword",
  "redisPassword",
  "adminApiKey",
  "sandboxToken",
  "tlsCert",
  "tlsKey",
] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

const validated = withTierRules(stackConfigSchema);

export const STACKS = ["local", "staging", "prod", "drills"] as const;

/** Validates the `verifier:` keys of one stack (prefix already removed). Throws ConfigError listing every problem. */
export function parseStackConfig(keys: Record<string, unknown>, source: string): StackConfig {
  const plain = Object.fromEntries(
    Object.entries(keys).filter(([k]) => !(SECRET_KEYS as readonly string[]).includes(k)),
  );
  const problems = secretProblems(keys);
  const result = validated.safeParse(plain);
  if (!result.success) problems.push(...problemsFrom(result.error.issues, plain, `${PROJECT}:`));
  if (problems.length > 0) throw new ConfigError(source, problems);
  return result.data as StackConfig;
}

/**
 * Reads and validates `Pulumi.<stack>.yaml` under root. `overrides` (same shape as the file's keys)
 * are merged in before validation, so they obey every rule the file does.
 */
export function loadStackConfig(stack: string, root: string, overrides: Record<string, unknown> = {}): StackConfig {
  const file = join(root, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    throw new ConfigError(`Pulumi.${stack}.yaml`, [
      { path: "stack", received: JSON.stringify(stack), allowed: `a stack with a file: ${STACKS.join(", ")}` },
    ]);
  }
  const doc = (parseYaml(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const keys = Object.fromEntries(
    Object.entries(projectKeys(doc.config ?? {})).map(([k, v]) => [k, fromPulumiText(k, v)]),
  );
  return parseStackConfig(deepMerge(keys, overrides), `Pulumi.${stack}.yaml`);
}

/**
 * The stack's configuration when it has a `Pulumi.<stack>.yaml` under root; undefined for a stack without
 * one (made by a caller that sets its keys itself), whose pre-flight checks then have nothing to go on.
 */
export function stackConfigIfFiled(stack: string, root: string): StackConfig | undefined {
  return existsSync(join(root, `Pulumi.${stack}.yaml`)) ? loadStackConfig(stack, root) : undefined;
}

/** `patch` onto `base`: plain objects merge key by key, anything else (arrays included) replaces. */
export function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const cur = out[k];
    out[k] = isPlain(cur) && isPlain(v) ? deepMerge(cur, v) : v;
  }
  return out;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `verifier:x` keys without their prefix; other namespaces (docker:, kubernetes:) belong to providers. */
export function projectKeys(config: Record<string, unknown>): Record<string, unknown> {
  const prefix = `${PROJECT}:`;
  return Object.fromEntries(
    Object.entries(config)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
}

function secretProblems(keys: Record<string, unknown>) {
  return SECRET_KEYS.filter((k) => k in keys && !isEncrypted(keys[k])).map((k) => ({
    path: `${PROJECT}:${k}`,
    received: "a plain value (hidden)",
    allowed: `an encrypted value: run \`pulumi config set --secret ${PROJECT}:${k}\``,
  }));
}

function isEncrypted(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { secure?: unknown }).secure === "string";
}
