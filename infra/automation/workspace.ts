import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation/index.js";
import { $ } from "zx";
import { requirePulumiCli, whichPulumi } from "./cli.js";
import { PassphraseMissingError } from "./errors.js";
import type { Kubectl } from "./kubePreflight.js";
import type { Nft } from "../exec/hostGuard.js";

export interface StackOptions {
  /** Stack name: local | staging | prod | drills. */
  stack: string;
  /** Repository root holding Pulumi.yaml. Default: two levels above this file. */
  root?: string;
  /** Environment of the CLI (PATH, passphrase, PULUMI_BACKEND_URL, DOCKER_HOST, VERIFIER_IMAGE_*). Default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface WorkspaceArgs {
  stackName: string;
  workDir: string;
  envVars: Record<string, string>;
  secretsProvider: "passphrase";
}

/** The one I/O seam: the Automation API call, replaced in tests. */
export interface AutomationDeps {
  which: (env: NodeJS.ProcessEnv) => string | undefined;
  /** `cli` is the CLI that `which` found: the Automation API runs that one, not whatever its own PATH holds. */
  select: (args: WorkspaceArgs & { cli: string }) => Promise<Stack>;
  /** `kubectl`, for the checks before a stack on the Kubernetes target is applied. Default: the one on the env's PATH. */
  kubectl?: Kubectl;
  /** `nft`, for the host guard before a stack on the Docker target is applied. Default: this machine's. */
  nft?: Nft;
}

export const defaultRoot = (): string => resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const stateDir = (root: string): string => join(root, ".pulumi-state");
export const policyPackDir = (root: string): string => join(root, "infra", "policy");

/** kubectl on the PATH of `env`, never throwing: exit 127 when it is not there. */
export const liveKubectl: Kubectl = async (args, env) => {
  const out = await $({ env, nothrow: true, quiet: true, verbose: false, input: "" })`kubectl ${args}`;
  return { exitCode: out.exitCode ?? 1, stdout: out.stdout, stderr: out.stderr };
};

export const liveDeps: AutomationDeps = {
  kubectl: liveKubectl,
  which: whichPulumi,
  select: async (args) =>
    LocalWorkspace.createOrSelectStack(
      { stackName: args.stackName, workDir: args.workDir },
      // PulumiCommand.get wants the directory above bin/pulumi.
      {
        envVars: args.envVars,
        secretsProvider: args.secretsProvider,
        pulumiCommand: await PulumiCommand.get({ root: dirname(dirname(args.cli)) }),
      },
    ),
};

/** Plain data: how the workspace is opened (file backend under the repository, passphrase secrets). */
export function workspaceArgs(options: StackOptions): WorkspaceArgs {
  const env = options.env ?? process.env;
  const root = options.root ?? defaultRoot();
  const passphrase = passphraseVars(env);
  const backend = env.PULUMI_BACKEND_URL ?? `file://${stateDir(root)}`;
  const envVars = { ...passthrough(env), PULUMI_BACKEND_URL: backend, PULUMI_SKIP_UPDATE_CHECK: "true", ...passphrase };
  return { stackName: options.stack, workDir: root, envVars, secretsProvider: "passphrase" };
}

/**
 * What the CLI and the program read from the caller's environment: PATH (where the engine's CLI, language
 * host and plugins are), PULUMI_HOME, built image tags, the Docker host, the kubeconfig.
 */
const PASSTHROUGH =
  /^(PATH|PULUMI_HOME|VERIFIER_IMAGE_[A-Z]+|DOCKER_HOST|DOCKER_CONTEXT|DOCKER_CERT_PATH|DOCKER_TLS_VERIFY|KUBECONFIG)$/;

function passthrough(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => PASSTHROUGH.test(e[0]) && e[1] !== undefined),
  );
}

/** The passphrase (or the file holding it) that encrypts stack secrets in the file backend. */
function passphraseVars(env: NodeJS.ProcessEnv): Record<string, string> {
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined) return { PULUMI_CONFIG_PASSPHRASE: env.PULUMI_CONFIG_PASSPHRASE };
  if (env.PULUMI_CONFIG_PASSPHRASE_FILE !== undefined)
    return { PULUMI_CONFIG_PASSPHRASE_FILE: env.PULUMI_CONFIG_PASSPHRASE_FILE };
  throw new PassphraseMissingError();
}

/** Checks the CLI first (fails at once when absent), then the passphrase, then selects or creates the stack. */
export async function openStack(options: StackOptions, deps: AutomationDeps = liveDeps): Promise<Stack> {
  const cli = requirePulumiCli(deps.which, options.env ?? process.env);
  const args = workspaceArgs(options);
  if (args.envVars.PULUMI_BACKEND_URL === `file://${stateDir(args.workDir)}`)
    mkdirSync(stateDir(args.workDir), { recursive: true });
  return deps.select({ ...args, cli });
}
