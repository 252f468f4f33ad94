import { parseArgs } from "node:util";
import { down } from "./down.js";
import { up } from "./up.js";
import { say } from "../exec/progress.js";

const repoRoot = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

const USAGE = `usage: npm start [-- --stack <name>]      bring the local environment up (default stack: local)
       npm stop  [-- --stack <name>] [--purge]  tear it down (data volumes kept unless --purge)`;

/** One top-level handler: typed errors become one red line and a non-zero exit; stacks only with VERBOSE. */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      stack: { type: "string", default: "local" },
      purge: { type: "boolean", default: false },
      help: { type: "boolean" },
    },
  });
  const [command] = positionals;
  if (values.help || (command !== "up" && command !== "down")) {
    say(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  if (command === "up") {
    const result = await up({ repoRoot, stack: values.stack });
    say(
      `\nThe ${values.stack} environment is up: ${result.url}\n  credentials: ${result.credentialsFile} (mode 0600)\n  CA: ${result.caFile}`,
    );
    process.stdout.write(`${result.url}\n`);
  } else {
    const result = await down({ repoRoot, instance: values.stack, purge: values.purge });
    say(`${result.project} stopped${result.purged ? " and purged" : " (data volumes kept; --purge removes them)"}`);
  }
}

main().catch((err: Error & { code?: string }) => {
  process.stderr.write(`\x1b[31merror${err.code ? ` [${err.code}]` : ""}: ${err.message}\x1b[0m\n`);
  if (process.env.VERBOSE) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
