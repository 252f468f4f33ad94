import { loadStackConfig } from "../../infra/config/load.js";
import type { InstanceOptions } from "../../infra/local/prepare.js";
import { ComposeTarget } from "./compose/target.js";
import type { PulumiWorkspace } from "./pulumi/target.js";
import type { Target } from "./target.js";

/**
 * The target a stack runs on, decided by its tier: `local` runs on this host through Compose; every
 * other tier (staging, prod, drills) is a Pulumi stack driven through the Automation API, in
 * `workspace` (default: the repository's project and process.env).
 */
export async function openTarget(opts: InstanceOptions, workspace: PulumiWorkspace = {}): Promise<Target> {
  const cfg = loadStackConfig(opts.stack, opts.repoRoot, opts.overrides);
  if (cfg.tier === "local") return new ComposeTarget(opts);
  // Loaded on demand: the Automation API takes seconds to import and local runbooks never need it.
  const { PulumiTarget } = await import("./pulumi/target.js");
  return new PulumiTarget(cfg, opts.stack, opts.instance ?? opts.stack, opts.repoRoot, workspace);
}
