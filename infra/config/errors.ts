import type { z } from "zod";

/** A configuration problem: where (file and key path), what was received, what is allowed. */
export interface ConfigProblem {
  path: string;
  received: string;
  allowed: string;
}

export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(
    readonly source: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `${source}: ${problems.length} configuration problem(s)\n` +
        problems.map((p) => `  - ${p.path}: received ${p.received}; allowed: ${p.allowed}`).join("\n") +
        `\nFix the values in ${source} and run again; nothing was changed.`,
    );
    this.name = "ConfigError";
  }
}

/** Turns zod issues into problems, quoting the value found at each path of the raw input. */
export function problemsFrom(issues: z.core.$ZodIssue[], input: unknown, prefix: string): ConfigProblem[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: keyPath(prefix, [...issue.path, key]),
        received: describe(valueAt(input, [...issue.path, key])),
        allowed: "no such key (unknown keys are errors: check the spelling against infra/config/schema.ts)",
      }));
    }
    // Tier rules carry the effective value (defaults applied); shape issues quote the raw input.
    const received =
      issue.code === "custom" && issue.params && "received" in issue.params
        ? issue.params.received
        : valueAt(input, issue.path);
    return [{ path: keyPath(prefix, issue.path), received: describe(received), allowed: allowedText(issue) }];
  });
}

function allowedText(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value") return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  if (issue.code === "invalid_type") return `a value of type ${issue.expected}`;
  if (issue.code === "too_small") return `${issue.origin === "string" ? "length " : ""}>= ${String(issue.minimum)}`;
  if (issue.code === "too_big") return `${issue.origin === "string" ? "length " : ""}<= ${String(issue.maximum)}`;
  return issue.message;
}

function keyPath(prefix: string, path: PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  if (head === undefined) return prefix.replace(/:$/, "");
  return `${prefix}${head}${rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("")}`;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing (missing)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
