import type { ConfigMap, DestroyResult, OutputMap, RefreshResult, UpResult } from "@pulumi/pulumi/automation/index.js";
import { PROJECT } from "../config/load.js";
import { DestroyNotConfirmedError } from "./errors.js";
import { defaultRoot, liveDeps, openStack, policyPackDir, type AutomationDeps, type StackOptions } from "./workspace.js";

/** Progress lines of the CLI (stderr of a runbook). Default: discard. */
export interface RunOptions extends StackOptions {
  onOutput?: (line: string) => void;
}

/** Sets `verifier:` keys; secret ones are encrypted with the stack's passphrase. */
export async function setConfig(options: StackOptions, values: Record<string, { value: string; secret?: boolean }>, deps: AutomationDeps = liveDeps): Promise<void> {
  const stack = await openStack(options, deps);
  const config: ConfigMap = Object.fromEntries(Object.entries(values).map(([k, v]) => [`${PROJECT}:${k}`, { value: v.value, secret: v.secret ?? false }]));
  await stack.setAllConfig(config);
}

/** `pulumi up` with the hardening policy pack: a violation fails the update before anything changes. */
export async function up(options: RunOptions, deps: AutomationDeps = liveDeps): Promise<UpResult> {
  const stack = await openStack(options, deps);
  return stack.up({ policyPacks: [policyPackDir(options.root ?? defaultRoot())], ...(options.onOutput ? { onOutput: options.onOutput } : {}) });
}

export async function refresh(options: RunOptions, deps: AutomationDeps = liveDeps): Promise<RefreshResult> {
  const stack = await openStack(options, deps);
  return stack.refresh(options.onOutput ? { onOutput: options.onOutput } : {});
}

/** Removes the environment; kept volumes and claims (data, backups) are retained by the program. */
export async function destroy(options: RunOptions & { confirmed: boolean }, deps: AutomationDeps = liveDeps): Promise<DestroyResult> {
  if (!options.confirmed) throw new DestroyNotConfirmedError(options.stack);
  const stack = await openStack(options, deps);
  return stack.destroy(options.onOutput ? { onOutput: options.onOutput } : {});
}

export async function outputs(options: StackOptions, deps: AutomationDeps = liveDeps): Promise<OutputMap> {
  return (await openStack(options, deps)).outputs();
}
