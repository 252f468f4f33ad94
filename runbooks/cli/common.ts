import { z } from "zod";
import { STACKS } from "../../infra/config/load.js";
import type { Flags } from "./command.js";

const json = z.string().transform((text, ctx) => {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  ctx.addIssue({
    code: "custom",
    message: `must be a JSON object of stack config keys, e.g. '{"httpsPort":18443}'; received ${text.slice(0, 60)}`,
  });
  return z.NEVER;
});

/** Flags every runbook takes. */
export const COMMON_FLAGS = {
  "dry-run": {
    type: "boolean",
    doc: "print the plan and change nothing (default false)",
    schema: z.boolean().default(false),
  },
  yes: {
    type: "boolean",
    doc: "confirm changes to prod without asking (default false; required when stdin is not a terminal)",
    schema: z.boolean().default(false),
  },
  json: {
    type: "boolean",
    doc: "print the result as JSON on stdout (default false; progress stays on stderr)",
    schema: z.boolean().default(false),
  },
  instance: {
    type: "string",
    placeholder: "<name>",
    doc: "a second copy of the stack on this host, e.g. citest (default: the stack name)",
    schema: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, "must be lowercase letters, digits and dashes (at most 31)")
      .optional(),
  },
  config: {
    type: "string",
    placeholder: "<json>",
    doc: "stack config keys merged over Pulumi.<stack>.yaml, as the instance was started with (default {})",
    schema: json.optional(),
  },
  help: { type: "boolean", doc: "show this help", schema: z.boolean().default(false) },
} satisfies Flags;

export const stackSchema = z.enum(STACKS, { error: () => `must be one of ${STACKS.join(", ")}` });
