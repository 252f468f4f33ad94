import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KINDS, type ConfigKind } from "../config/kinds.js";
import { PROJECT, SECRET_KEYS } from "../config/load.js";

export { CONFIG_KINDS } from "../config/kinds.js";

/**
 * The stack's `verifier:` keys as plain values for parseStackConfig. Known keys are read by their kind;
 * keys the schema does not know are passed through as text so the schema reports them. Secret keys
 * are left out: they are read with requireSecret where they are used.
 */
export function readRawConfig(config: pulumi.Config, presentKeys: string[]): Record<string, unknown> {
  const secret = new Set<string>(SECRET_KEYS);
  const keys = presentKeys.filter((k) => !secret.has(k));
  return Object.fromEntries(keys.map((key) => [key, readKey(config, key, CONFIG_KINDS[key] ?? "string")]));
}

/** `verifier:` keys set on the running stack, without their prefix. */
export function presentProjectKeys(all: Record<string, string> = pulumi.runtime.allConfig()): string[] {
  const prefix = `${PROJECT}:`;
  return Object.keys(all)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
}

function readKey(config: pulumi.Config, key: string, kind: ConfigKind): unknown {
  if (kind === "string") return config.get(key);
  try {
    if (kind === "object") return config.getObject(key);
    if (kind === "number") return config.getNumber(key);
    return config.getBoolean(key);
  } catch {
    // Not parseable as its kind: hand the text to the schema, which names the key, the value and what is allowed.
    return config.get(key);
  }
}
