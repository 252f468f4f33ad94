import type { z } from "zod";
import { stackConfigSchema } from "./schema.js";

/**
 * How each top-level key is typed, derived from the one schema, never listed by hand. Pulumi keeps a
 * stack file's top-level values as text (`pulumi config set`, `stack select` rewrite `8443` as
 * `"8443"`): readers turn them back by kind before validating.
 */
export type ConfigKind = "object" | "number" | "boolean" | "string";

export function kindOf(schema: z.ZodType): ConfigKind {
  const def = schema.def as { type: string; innerType?: z.ZodType };
  if ((def.type === "default" || def.type === "optional") && def.innerType) return kindOf(def.innerType);
  if (def.type === "object") return "object";
  if (def.type === "number") return "number";
  if (def.type === "boolean") return "boolean";
  return "string";
}

export const CONFIG_KINDS: Record<string, ConfigKind> = Object.fromEntries(
  Object.entries(stackConfigSchema.shape).map(([key, schema]) => [key, kindOf(schema as z.ZodType)]),
);

/**
 * A top-level value written as text by Pulumi, as its kind; anything else unchanged for the schema to judge.
 * An object key may be JSON text (Automation API config values are strings; the runbooks set `releases`
 * so), which the program's `config.getObject` parses: read it the same way.
 */
export function fromPulumiText(key: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const kind = CONFIG_KINDS[key];
  if (kind === "object") return jsonObject(value) ?? value;
  if (kind === "number" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  if (kind === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
