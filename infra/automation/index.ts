export { requirePulumiCli, whichPulumi } from "./cli.js";
export { DestroyNotConfirmedError, PassphraseMissingError, PulumiCliMissingError, StackLockedError } from "./errors.js";
export { destroy, outputs, preview, refresh, setConfig, up, type RunOptions } from "./operations.js";
export { ensureEngine, withEngine, EngineBuildError } from "./engine.js";
export { openStack, policyPackDir, stateDir, workspaceArgs, type AutomationDeps, type StackOptions, type WorkspaceArgs } from "./workspace.js";
