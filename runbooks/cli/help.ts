import type { AnyCommand, Flags } from "./command.js";
import { COMMON_FLAGS } from "./common.js";

const flagLines = (flags: Flags): string[] =>
  Object.entries(flags).map(
    ([name, f]) => `  --${`${name}${f.placeholder ? ` ${f.placeholder}` : ""}`.padEnd(22)} ${f.doc}`,
  );

/** `ops --help`: every registered command, one line each. */
export function globalHelp(registry: AnyCommand[]): string {
  return [
    "usage: ops <command> <stack> [options]      (npm run ops -- <command> <stack> [options])",
    "",
    "commands:",
    ...registry.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    "",
    "every command takes:",
    ...flagLines(COMMON_FLAGS),
    "",
    "Progress goes to stderr, results to stdout; exit 0 only on success. VERBOSE=1 prints stack traces.",
    "`ops <command> --help` shows a command's own options.",
    "Each runbook also runs as a zx script: npx zx runbooks/bin/<command>.mjs <stack> [options].",
  ].join("\n");
}

/** `ops <command> --help`. */
export function commandHelp(command: AnyCommand): string {
  const own = Object.keys(command.flags).length > 0 ? ["", "options:", ...flagLines(command.flags)] : [];
  return [
    `usage: ops ${command.name} ${command.args} [options]`,
    "",
    command.summary,
    ...own,
    "",
    "common options:",
    ...flagLines(COMMON_FLAGS),
  ].join("\n");
}
