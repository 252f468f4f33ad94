import { execFileSync } from "node:child_process";
import { PulumiCliMissingError } from "./errors.js";

/** Where `which pulumi` finds the CLI, or undefined. */
export function whichPulumi(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    const found = execFileSync("which", ["pulumi"], { encoding: "utf8", env, stdio: ["ignore", "pipe", "ignore"] }).trim();
    return found === "" ? undefined : found;
  } catch {
    return undefined;
  }
}

/** The CLI's path; throws PulumiCliMissingError before anything else happens. */
export function requirePulumiCli(which: (env: NodeJS.ProcessEnv) => string | undefined, env: NodeJS.ProcessEnv): string {
  const found = which(env);
  if (!found) throw new PulumiCliMissingError(env.PATH ?? "(unset)");
  return found;
}
