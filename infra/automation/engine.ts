import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { $ } from "zx";

/**
 * The engine this repository builds from Go modules (engine/build.sh): the Pulumi CLI, our Node.js
 * language host and the provider plugins, in one cached directory. Putting that directory first on
 * PATH is all a CLI run needs: the engine finds the language host and the providers there (ambient
 * plugins), so no plugin is ever downloaded.
 */
export const ENGINE_BINARIES = [
  "pulumi",
  "pulumi-language-nodejs",
  "pulumi-resource-docker",
  "pulumi-resource-command",
  "pulumi-resource-kubernetes",
] as const;

export class EngineBuildError extends Error {
  readonly code = "ENGINE_BUILD_FAILED";
  constructor(detail: string) {
    super(
      `engine: ${detail}. Run \`bash engine/build.sh\` to see the whole build; it names the component that failed.`,
    );
    this.name = "EngineBuildError";
  }
}

/** Builds the engine when its cache entry is missing (progress on stderr) and returns its bin directory. */
export function ensureEngine(repoRoot: string): string {
  // Synchronous (zx's sync mode): callers need the directory before they can build a CLI environment.
  const build = $({
    sync: true,
    stdio: ["ignore", "pipe", "inherit"],
    nothrow: true,
    quiet: true,
    verbose: false,
  })`bash ${join(repoRoot, "engine", "build.sh")}`;
  if (build.exitCode !== 0)
    throw new EngineBuildError(`engine/build.sh failed (exit ${build.exitCode ?? "by signal"})`);
  const bin = build.stdout.trim();
  const missing = ENGINE_BINARIES.filter((b) => !existsSync(join(bin, b)));
  if (missing.length > 0) throw new EngineBuildError(`${bin} lacks ${missing.join(", ")}`);
  return bin;
}

/** The environment with the engine first on PATH; the rest of `env` unchanged. */
export function withEngine(env: NodeJS.ProcessEnv, bin: string): NodeJS.ProcessEnv {
  return { ...env, PATH: [bin, env.PATH].filter(Boolean).join(delimiter) };
}
