import { which } from "zx";
import { PulumiCliMissingError } from "./errors.js";

/** Where the PATH of `env` finds the CLI (zx's `which`), or undefined. */
export function whichPulumi(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return which.sync("pulumi", { path: env.PATH ?? "", nothrow: true }) ?? undefined;
}

/** The CLI's path; throws PulumiCliMissingError before anything else happens. */
export function requirePulumiCli(
  which: (env: NodeJS.ProcessEnv) => string | undefined,
  env: NodeJS.ProcessEnv,
): string {
  const found = which(env);
  if (!found) throw new PulumiCliMissingError(env.PATH ?? "(unset)");
  return found;
}
