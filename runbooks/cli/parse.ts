import { parseArgs } from "node:util";
import { z } from "zod";
import type { AnyCommand, CommonOptions, Flags } from "./command.js";
import { COMMON_FLAGS, stackSchema } from "./common.js";
import { usageError } from "./errors.js";
import { commandHelp, globalHelp } from "./help.js";

export type Parsed =
  | { kind: "help"; text: string }
  | {
      kind: "run";
      command: AnyCommand;
      stack: string;
      instance: string;
      overrides: Record<string, unknown>;
      values: Record<string, unknown>;
      common: CommonOptions;
    };

/** argv (after `ops`) → the command and its validated options; every problem reported at once. */
export function parseCommandLine(argv: string[], registry: AnyCommand[]): Parsed {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help")
    return { kind: "help", text: globalHelp(registry) };
  const command = registry.find((c) => c.name === name);
  if (command === undefined)
    throw usageError(
      `unknown command "${name}"; allowed: ${registry.map((c) => c.name).join(", ")} (ops --help lists them)`,
    );
  const flags: Flags = { ...command.flags, ...COMMON_FLAGS };
  const { values, positionals } = parseFlags(command, flags, rest);
  if (values.help === true) return { kind: "help", text: commandHelp(command) };
  const parsed = validate(command, flags, values, positionals);
  const v = parsed.values;
  return {
    kind: "run",
    command,
    stack: parsed.stack,
    instance: (v.instance as string | undefined) ?? parsed.stack,
    overrides: (v.config as Record<string, unknown> | undefined) ?? {},
    values: v,
    common: { dryRun: v["dry-run"] === true, yes: v.yes === true, json: v.json === true },
  };
}

function parseFlags(command: AnyCommand, flags: Flags, args: string[]) {
  try {
    const options = Object.fromEntries(Object.entries(flags).map(([k, f]) => [k, { type: f.type }]));
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(
      `${command.name}: ${(err as Error).message.replace(/\. To specify.*$/s, "")}; see \`ops ${command.name} --help\``,
    );
  }
}

function validate(command: AnyCommand, flags: Flags, values: Record<string, unknown>, positionals: string[]) {
  const problems: string[] = [];
  const stack = stackSchema.safeParse(positionals[0]);
  if (positionals[0] === undefined) problems.push(`<stack> is missing (${stackSchema.options.join(", ")})`);
  else if (!stack.success) problems.push(`<stack> "${positionals[0]}" ${stack.error.issues[0]?.message}`);
  if (positionals.length > 1) problems.push(`unexpected argument(s) ${positionals.slice(1).join(" ")}`);
  const schema = z.object(Object.fromEntries(Object.entries(flags).map(([k, f]) => [k, f.schema])));
  const result = schema.safeParse(values);
  if (!result.success)
    problems.push(
      ...result.error.issues.map(
        (i) => `--${i.path.join(".")}: ${values[String(i.path[0])] === undefined ? "is required" : i.message}`,
      ),
    );
  if (problems.length > 0 || !stack.success || !result.success) {
    throw usageError(`${command.name}: ${problems.join("; ")}; see \`ops ${command.name} --help\``);
  }
  return { stack: stack.data, values: result.data as Record<string, unknown> };
}
