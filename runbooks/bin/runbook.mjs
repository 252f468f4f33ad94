// One runbook as a zx script: `npx zx runbooks/bin/<command>.mjs <stack> [options]` does what
// `npm run ops -- <command> <stack> [options]` does (both run runbooks/ops.ts; this one through zx's
// `$`, the process seam every runbook step uses). Exits with the runbook's own status.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { $ } from "zx";

export async function runbook(command, scriptUrl) {
  const script = fileURLToPath(scriptUrl);
  const at = process.argv.findIndex((arg) => resolve(arg) === script);
  const args = at === -1 ? [] : process.argv.slice(at + 1);
  const ops = fileURLToPath(new URL("./ops.mjs", import.meta.url));
  const done = await $({
    stdio: "inherit",
    nothrow: true,
    quiet: true,
    verbose: false,
  })`${process.execPath} ${ops} ${command} ${args}`;
  process.exitCode = done.exitCode ?? 1;
}
