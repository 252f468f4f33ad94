import { AjvCompiler } from "@fastify/ajv-compiler";
import type { FastifyServerOptions } from "fastify";

/**
 * Request bodies are validated as their schemas say, nothing more lenient. Fastify's default Ajv
 * options coerce types and drop properties a schema does not declare: `{"expression": false}` was
 * verified as the text "false", and `{"expression": "0", "extra": 1}` answered 200 with the property
 * silently gone (found by schemathesis, tests/live/fuzz-api.test.ts). For bodies: no coercion, no
 * removal, so a property the schema forbids or a value of the wrong type is a 400 naming it.
 * Querystrings, params and headers arrive as text and keep Fastify's coercion ("?limit=5" is 5).
 */
const STRICT_BODY = { coerceTypes: false, removeAdditional: false } as const;

type AjvOptions = { customOptions?: Record<string, unknown>; plugins?: unknown[] };
type Route = { schema: unknown; method: string; url: string; httpPart?: string };
type Validator = (route: Route) => unknown;

export function strictBodySchemaController(): NonNullable<FastifyServerOptions["schemaController"]> {
  const build = AjvCompiler() as unknown as (external: unknown, options: AjvOptions) => Validator;
  const buildValidator = (external: unknown, ajv?: AjvOptions): Validator => {
    const options = { customOptions: {}, plugins: [], ...ajv };
    const body = build(external, { ...options, customOptions: { ...options.customOptions, ...STRICT_BODY } });
    const text = build(external, options);
    return (route) => (route.httpPart === "body" ? body(route) : text(route));
  };
  // @fastify/ajv-compiler's declared types describe an older calling convention than the one Fastify uses.
  return { compilersFactory: { buildValidator: buildValidator as never } };
}
