import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { $ } from "zx";
import { SERVICE_ROLES } from "../../config/schema.js";
import { loadStackConfig } from "../../config/load.js";
import { say } from "../../exec/progress.js";
import { ensureImages } from "../../images/build.js";
import { writeFileAtomic } from "../../local/fsx.js";
import { imageEnvName } from "../../pulumi/images.js";
import { ensureEngine } from "../engine.js";
import { checkStackCluster } from "../kubePreflight.js";
import { liveKubectl } from "../workspace.js";
import { cliPlan, type CliPlan } from "./plan.js";

/**
 * `npm run pulumi -- <args>`: the repository's engine (built from Go modules when missing), its backend
 * and passphrase conventions, and, for commands that run the program on a stack whose images are built
 * here, those images built first and their tags passed on. Exits with the CLI's own status.
 */
async function main(root: string, args: string[]): Promise<number> {
  const plan = cliPlan(root, args, process.env, ensureEngine(root));
  if (plan.passphraseFile && !existsSync(plan.passphraseFile)) {
    writeFileAtomic(plan.passphraseFile, randomBytes(32).toString("hex"), 0o600);
    say(`… made a stack passphrase in ${plan.passphraseFile} (0600); set PULUMI_CONFIG_PASSPHRASE to use your own`);
  }
  // The repository's file backend must exist before the CLI logs in to it; a backend of the caller's is theirs.
  if (plan.env.PULUMI_BACKEND_URL === `file://${root}/.pulumi-state`)
    mkdirSync(`${root}/.pulumi-state`, { recursive: true });
  const env = { ...process.env, ...plan.env, ...(plan.runsProgram ? await builtImages(root, plan) : {}) };
  if (plan.runsProgram) await checkCluster(root, plan, env);
  const cli = await $({
    cwd: root,
    env,
    stdio: "inherit",
    nothrow: true,
    quiet: true,
    verbose: false,
  })`pulumi ${plan.args}`;
  return cli.exitCode ?? 128;
}

/** VERIFIER_IMAGE_<ROLE> for a stack whose images.source is "build"; nothing for registry stacks. */
async function builtImages(root: string, plan: CliPlan): Promise<Record<string, string>> {
  const stack = plan.stack ?? selectedStack(root, plan);
  if (!stack || !existsSync(`${root}/Pulumi.${stack}.yaml`)) return {};
  if (loadStackConfig(stack, root).images.source !== "build") return {};
  const tags = await ensureImages({ repoRoot: root });
  return Object.fromEntries(SERVICE_ROLES.map((role) => [imageEnvName(role), tags[role]]));
}

/** A stack on the Kubernetes target: kubeconfig, API server and namespace checked first (kubePreflight.ts). */
async function checkCluster(root: string, plan: CliPlan, env: NodeJS.ProcessEnv): Promise<void> {
  const stack = plan.stack ?? selectedStack(root, plan);
  if (stack) await checkStackCluster(stack, root, env, liveKubectl);
}

function selectedStack(root: string, plan: CliPlan): string | undefined {
  const env = { ...process.env, ...plan.env };
  const shown = $({
    sync: true,
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "ignore"],
    nothrow: true,
    quiet: true,
    verbose: false,
  })`pulumi stack --show-name`;
  return (shown.exitCode === 0 && shown.stdout.trim()) || undefined;
}

const root = new URL("../../..", import.meta.url).pathname.replace(/\/$/, "");
main(root, process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    say(`error: ${e.message}`);
    process.exit(1);
  },
);
