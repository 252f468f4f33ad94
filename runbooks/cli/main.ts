import type { AnyCommand, CommandResult, Operator } from "./command.js";
import { FAILURE_EXIT, RunbookError } from "./errors.js";
import { parseCommandLine } from "./parse.js";
import type { PulumiWorkspace } from "../targets/pulumi/target.js";
import { openTarget } from "../targets/select.js";
import type { Target } from "../targets/target.js";

export interface MainDeps {
  registry: AnyCommand[];
  repoRoot: string;
  operator: Operator;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Print stack traces of failures (VERBOSE). */
  verbose: boolean;
  /**
   * Where Pulumi stacks' project lives and the environment its CLI runs with (backend, passphrase,
   * engine on PATH). Default: the repository root and process.env. Tests point it at a project of their own.
   */
  pulumiWorkspace?: PulumiWorkspace;
}

/**
 * The one top-level handler: parses, runs one command, prints its result (JSON on stdout with
 * --json, lines otherwise) and owns the exit code: 0 only on success; a failure is one red line.
 */
export async function main(argv: string[], deps: MainDeps): Promise<number> {
  let json = argv.includes("--json");
  let target: Promise<Target> | undefined;
  try {
    const parsed = parseCommandLine(argv, deps.registry);
    if (parsed.kind === "help") return (deps.out(`${parsed.text}\n`), 0);
    json = parsed.common.json;
    const opts = {
      repoRoot: deps.repoRoot,
      stack: parsed.stack,
      instance: parsed.instance,
      overrides: parsed.overrides,
    };
    const result = await parsed.command.run({
      ...opts,
      command: parsed.command.name,
      values: parsed.values,
      common: parsed.common,
      operator: deps.operator,
      commandLine: `ops ${argv.join(" ")}`,
      target: () => (target ??= openTarget(opts, deps.pulumiWorkspace)),
    });
    print(result, json, deps);
    return 0;
  } catch (err) {
    return fail(err as Error & { code?: string }, json, deps);
  } finally {
    await closeTarget(target);
  }
}

/** A target that never opened has nothing to release. */
async function closeTarget(target: Promise<Target> | undefined): Promise<void> {
  const opened = await target?.catch(() => undefined);
  await opened?.close?.();
}

function print(result: CommandResult, json: boolean, deps: MainDeps): void {
  if (json) deps.out(`${JSON.stringify({ ok: true, ...result.data }, null, 2)}\n`);
  else deps.out(`${result.lines.join("\n")}\n`);
}

function fail(err: Error & { code?: string }, json: boolean, deps: MainDeps): number {
  const code = err.code ?? "INTERNAL";
  deps.err(`\x1b[31merror [${code}]: ${err.message.replace(/\s*\n\s*/g, " ")}\x1b[0m\n`);
  if (deps.verbose) deps.err(`${err.stack}\n`);
  const detail = err instanceof RunbookError ? err.detail : undefined;
  if (json)
    deps.out(
      `${JSON.stringify({ ok: false, error: { code, message: err.message }, ...(detail === undefined ? {} : { detail }) }, null, 2)}\n`,
    );
  return err instanceof RunbookError ? err.exitCode : FAILURE_EXIT;
}
