import { z } from "zod";

type JsonSchema = { [key: string]: unknown };

/**
 * The HTTP body schema of an engine, derived from its zod input schema (one source of truth).
 * Two deliberate changes: string maxLength goes, so an over-long text reaches the gateway and
 * is answered BLOCKED INPUT_TOO_LONG as the contract says rather than 400; and recursive parts
 * (arbitrary JSON) become "any JSON", which the engine still checks. Alternatives keep
 * `additionalProperties: false`: bodies are validated without stripping (plugins/validation.ts), so
 * trying the first branch no longer removes the keys the second one needs.
 */
export function engineBodySchema(schema: z.ZodType, description: string): JsonSchema {
  const derived = z.toJSONSchema(schema, { target: "draft-7", io: "input", unrepresentable: "any" }) as JsonSchema;
  const { $schema: _dialect, definitions: _recursive, ...body } = derived;
  return { ...(loosen(body) as JsonSchema), description };
}

function loosen(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(loosen);
  if (node === null || typeof node !== "object") return node;
  const schema = node as JsonSchema;
  if (refersToDefinition(schema)) return {};
  const entries = Object.entries(schema)
    .filter(([key]) => !(key === "maxLength" && schema.type === "string"))
    .map(([key, value]) => [key, loosen(value)]);
  return Object.fromEntries(entries);
}

function refersToDefinition(schema: JsonSchema): boolean {
  const ref = typeof schema.$ref === "string" ? schema.$ref : undefined;
  const wrapped =
    Array.isArray(schema.allOf) && schema.allOf.length === 1 ? (schema.allOf[0] as JsonSchema).$ref : undefined;
  return [ref, wrapped].some((target) => typeof target === "string" && target.startsWith("#/definitions/"));
}
