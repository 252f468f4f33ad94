import { terminalOperator } from "./cli/confirm.js";
import { main } from "./cli/main.js";
import { COMMANDS } from "./commands/registry.js";

// `npm run ops -- <command> <stack> [options]` and the `ops` bin: the runbooks' single entry point.
const repoRoot = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

process.exitCode = await main(process.argv.slice(2), {
  registry: COMMANDS,
  repoRoot,
  operator: terminalOperator,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  verbose: Boolean(process.env.VERBOSE),
});
