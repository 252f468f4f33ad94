import { loadStackConfig } from "../../infra/config/load.js";
import type { StackConfig } from "../../infra/config/schema.js";
import { confirm } from "../cli/confirm.js";
import type { CommandContext } from "../cli/command.js";
import { BackupRunbookError } from "./errors.js";

/** The stack's validated config and Docker project name (`verifier-<instance>`); reading them changes nothing. */
export function stackOf(ctx: CommandContext<unknown>): { cfg: StackConfig; project: string } {
  return { cfg: loadStackConfig(ctx.stack, ctx.repoRoot, ctx.overrides), project: `verifier-${ctx.instance}` };
}

/**
 * These runbooks act through the Docker engine (container names are the model's on Compose and on
 * the Pulumi Docker target alike). A Kubernetes stack is refused, saying what to do instead.
 */
export function requireDocker(cfg: StackConfig, stack: string, command: string): void {
  if (cfg.target === "docker") return;
  throw new BackupRunbookError("TARGET_UNSUPPORTED",
    `${command} ${stack}: the stack runs on ${cfg.target}; this runbook drives Docker hosts only. On Kubernetes run the backup job's CLI in a pod of the backup CronJob's image (main.js ${command === "backup" ? "run" : "list"}) with the backups claim mounted`);
}

/**
 * A restore switches the live database: on prod it takes --force first, then a person's yes (the
 * stack name typed on a terminal) or --yes. The refusal comes before anything else is touched.
 */
export async function guardRestore(ctx: CommandContext<unknown>, tier: string, force: boolean, what: string): Promise<void> {
  if (tier === "prod" && !force) {
    throw new BackupRunbookError("RESTORE_REFUSED", `${what}: ${ctx.stack} is prod; a restore replaces the live database there. Pass --force (and confirm, or --yes) if that is what you mean`);
  }
  await confirm(what, ctx.stack, tier, ctx.common.yes, ctx.operator);
}
