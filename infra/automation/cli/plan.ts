import { join } from "node:path";
import { withEngine } from "../engine.js";

/**
 * `npm run pulumi -- <args>` decided as plain data: which stack the command works on, whether its
 * images must be built first, and the CLI's environment. The caller's PULUMI_BACKEND_URL and passphrase
 * win; without them the repository's conventions apply (file backend under the repository, a
 * passphrase file under .local/ made on first use, mode 0600).
 */
export interface CliPlan {
  args: string[];
  /** The stack named by --stack/-s, or undefined (the CLI's selected stack). */
  stack?: string;
  /** Commands that run the program, which reads the built images' tags. */
  runsProgram: boolean;
  env: Record<string, string>;
  /** The passphrase file to create when missing (no passphrase in the caller's environment). */
  passphraseFile?: string;
}

const PROGRAM_COMMANDS = new Set(["up", "update", "preview", "pre", "refresh", "destroy", "down", "import", "watch"]);

/** The value of --stack / -s / --stack=x, if any. */
export function stackArg(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--stack" || a === "-s") return args[i + 1];
    if (a.startsWith("--stack=")) return a.slice("--stack=".length);
  }
  return undefined;
}

export const localPassphraseFile = (root: string): string => join(root, ".local", "pulumi", "passphrase");

export function cliPlan(root: string, args: string[], env: NodeJS.ProcessEnv, engineBin: string): CliPlan {
  const command = args.find((a) => !a.startsWith("-"));
  const own = env.PULUMI_CONFIG_PASSPHRASE !== undefined || env.PULUMI_CONFIG_PASSPHRASE_FILE !== undefined;
  const passphraseFile = own ? undefined : localPassphraseFile(root);
  const stack = stackArg(args);
  const cliEnv: Record<string, string> = {
    PATH: withEngine(env, engineBin).PATH!,
    PULUMI_BACKEND_URL: env.PULUMI_BACKEND_URL ?? `file://${join(root, ".pulumi-state")}`,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    ...(passphraseFile ? { PULUMI_CONFIG_PASSPHRASE_FILE: passphraseFile } : {}),
  };
  return {
    args,
    ...(stack ? { stack } : {}),
    runsProgram: command !== undefined && PROGRAM_COMMANDS.has(command),
    env: cliEnv,
    ...(passphraseFile ? { passphraseFile } : {}),
  };
}
