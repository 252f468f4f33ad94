import type { z } from "zod";
import type { Target } from "../targets/target.js";

/** One command-line flag: its parse type, the line `--help` shows (with its default), and its schema. */
export interface Flag {
  type: "string" | "boolean";
  doc: string;
  schema: z.ZodType;
  /** Shown in the synopsis, e.g. "<ref>". */
  placeholder?: string;
}
export type Flags = Record<string, Flag>;
export type FlagValues<F extends Flags> = { [K in keyof F]: z.output<F[K]["schema"]> };

/** The options every runbook takes (see common.ts). */
export interface CommonOptions {
  dryRun: boolean;
  yes: boolean;
  json: boolean;
}

/** How a runbook talks to the person running it (stdin); replaced in tests. */
export interface Operator {
  /** stdin is a terminal someone can answer on. */
  interactive: boolean;
  ask(question: string): Promise<string>;
}

export interface CommandContext<V> {
  command: string;
  stack: string;
  instance: string;
  repoRoot: string;
  /** Config keys merged over Pulumi.<stack>.yaml (--config), as the instance was started with. */
  overrides: Record<string, unknown>;
  values: V;
  common: CommonOptions;
  operator: Operator;
  /** The argv as typed, for the lock holder's description. */
  commandLine: string;
  /** The stack's target, opened on first use (reads and validates the stack config). */
  target(): Promise<Target>;
}

/** What a command returns: machine-readable data (--json) and lines for people (stdout otherwise). */
export interface CommandResult {
  data: Record<string, unknown>;
  lines: string[];
}

export interface Command<F extends Flags = Flags> {
  name: string;
  summary: string;
  /** Positional synopsis after the command name, e.g. "<stack>". */
  args: string;
  flags: F;
  run(ctx: CommandContext<FlagValues<F>>): Promise<CommandResult>;
}

/** The registry holds commands of different flag shapes; each validates its own values before run. */
export type AnyCommand = Command<Flags> & { run(ctx: CommandContext<Record<string, unknown>>): Promise<CommandResult> };

export const defineCommand = <F extends Flags>(command: Command<F>): AnyCommand => command as unknown as AnyCommand;
