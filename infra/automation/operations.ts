import type {
  ConfigMap,
  DestroyResult,
  OutputMap,
  PreviewResult,
  RefreshResult,
  UpResult,
} from "@pulumi/pulumi/automation/index.js";
import { PROJECT, stackConfigIfFiled } from "../config/load.js";
import { describeGuard, ensureHostGuard, liveNft } from "../exec/hostGuard.js";
import { cliFailure, DestroyNotConfirmedError } from "./errors.js";
import { checkStackCluster } from "./kubePreflight.js";
import { refuseInterrupted, settleInterrupted } from "./recover.js";
import {
  defaultRoot,
  liveDeps,
  liveKubectl,
  openStack,
  policyPackDir,
  type AutomationDeps,
  type StackOptions,
} from "./workspace.js";

/** Progress lines of the CLI (stderr of a runbook). Default: discard. */
export interface RunOptions extends StackOptions {
  onOutput?: (line: string) => void;
}

/** Sets `verifier:` keys; secret ones are encrypted with the stack's passphrase. */
export async function setConfig(
  options: StackOptions,
  values: Record<string, { value: string; secret?: boolean }>,
  deps: AutomationDeps = liveDeps,
): Promise<void> {
  const stack = await openStack(options, deps);
  const config: ConfigMap = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [`${PROJECT}:${k}`, { value: v.value, secret: v.secret ?? false }]),
  );
  await stack.setAllConfig(config);
}

/**
 * `pulumi up` with the hardening policy pack: a violation fails the update before anything changes. The
 * Automation API runs `up --skip-preview`, where a resource's policies are checked only as it is created
 * (the resources before it would already exist), so the pack first judges the whole plan in a preview.
 * What an interrupted update left (its dead lock, pending operations) is refused with
 * UpdateInterruptedError, or settled first with `recover: true` (default false).
 */
export async function up(
  options: RunOptions & { recover?: boolean },
  deps: AutomationDeps = liveDeps,
): Promise<UpResult> {
  const stack = await openStack(options, deps);
  await checkCluster(options, deps);
  await checkHostGuard(options, deps);
  if (options.recover) await settleInterrupted(options, deps);
  else await refuseInterrupted(options, deps);
  const policyPacks = [policyPackDir(options.root ?? defaultRoot())];
  const output = options.onOutput ? { onOutput: options.onOutput } : {};
  return known(options.stack, async () => {
    await stack.preview({ policyPacks, ...output });
    return stack.up({ policyPacks, ...output });
  });
}

/** `pulumi preview` with the policy pack; `expectNoChanges` makes any planned change an error (idempotence). */
export async function preview(
  options: RunOptions & { expectNoChanges?: boolean },
  deps: AutomationDeps = liveDeps,
): Promise<PreviewResult> {
  const stack = await openStack(options, deps);
  await checkCluster(options, deps);
  return known(options.stack, () =>
    stack.preview({
      policyPacks: [policyPackDir(options.root ?? defaultRoot())],
      ...(options.expectNoChanges ? { expectNoChanges: true } : {}),
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    }),
  );
}

export async function refresh(options: RunOptions, deps: AutomationDeps = liveDeps): Promise<RefreshResult> {
  const stack = await openStack(options, deps);
  return known(options.stack, () => stack.refresh(options.onOutput ? { onOutput: options.onOutput } : {}));
}

/** Removes the environment; kept volumes and claims (data, backups) are retained by the program. */
export async function destroy(
  options: RunOptions & { confirmed: boolean },
  deps: AutomationDeps = liveDeps,
): Promise<DestroyResult> {
  if (!options.confirmed) throw new DestroyNotConfirmedError(options.stack);
  const stack = await openStack(options, deps);
  return known(options.stack, () => stack.destroy(options.onOutput ? { onOutput: options.onOutput } : {}));
}

export async function outputs(options: StackOptions, deps: AutomationDeps = liveDeps): Promise<OutputMap> {
  return (await openStack(options, deps)).outputs();
}

/** A stack on the Kubernetes target: kubeconfig, API server and namespace checked before the engine runs (kubePreflight.ts). */
const checkCluster = (options: StackOptions, deps: AutomationDeps): Promise<void> =>
  checkStackCluster(
    options.stack,
    options.root ?? defaultRoot(),
    options.env ?? process.env,
    deps.kubectl ?? liveKubectl,
  );

/** A stack on the Docker target: the host guard is in place before any network is made (infra/exec/hostGuard.ts). */
async function checkHostGuard(options: RunOptions, deps: AutomationDeps): Promise<void> {
  if (stackConfigIfFiled(options.stack, options.root ?? defaultRoot())?.target !== "docker") return;
  const found = await ensureHostGuard(options.env ?? process.env, deps.nft ?? liveNft);
  options.onOutput?.(`${describeGuard(found)}\n`);
}

/** Runs one CLI operation; failures we can name (a locked stack) come back as our errors. */
async function known<T>(stack: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw cliFailure(stack, e);
  }
}
