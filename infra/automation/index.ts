export { requirePulumiCli, whichPulumi } from "./cli.js";
export {
  DestroyNotConfirmedError,
  PassphraseMissingError,
  PulumiCliMissingError,
  StackLockedError,
  UpdateInterruptedError,
} from "./errors.js";
export { recover, type RecoverOptions } from "./recover.js";
export type { RecoveryPlan } from "./recoveryPlan.js";
export type { Lock, PendingOperation } from "./interrupted.js";
export { destroy, outputs, preview, refresh, setConfig, up, type RunOptions } from "./operations.js";
export { ensureEngine, withEngine, EngineBuildError } from "./engine.js";
export {
  openStack,
  policyPackDir,
  stateDir,
  workspaceArgs,
  type AutomationDeps,
  type StackOptions,
  type WorkspaceArgs,
} from "./workspace.js";
