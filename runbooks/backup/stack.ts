import { loadStackConfig } from "../../infra/config/load.js";
import type { StackConfig } from "../../infra/config/schema.js";
import { confirm } from "../cli/confirm.js";
import type { CommandContext } from "../cli/command.js";
import { BackupRunbookError } from "./errors.js";

/** The stack's validated config; reading it changes nothing (container names come from the target's BackupSite). */
export function stackOf(ctx: CommandContext<unknown>): { cfg: StackConfig } {
  return { cfg: loadStackConfig(ctx.stack, ctx.repoRoot, ctx.overrides) };
}

/**
 * A point-in-time restore acts through the Docker engine, in the containers the target names (Compose:
 * the model's; a Pulumi Docker stack: its `containers` output): it runs a throwaway server beside the
 * stack's. A Kubernetes stack is refused, saying what to do instead (backup, backups, a dump's restore
 * and a drill run there, in Jobs made from the backup CronJob).
 */
export function requireDocker(cfg: StackConfig, stack: string, command: Refused): void {
  if (cfg.target === "docker") return;
  throw new BackupRunbookError(
    "TARGET_UNSUPPORTED",
    `${command} ${stack}: the stack runs on ${cfg.target}; this runbook drives Docker hosts only. Instead: ${KUBERNETES_INSTEAD[command]}`,
  );
}

type Refused = "restore --to-time";

/** What each refused runbook's work is on Kubernetes, by hand. */
const KUBERNETES_INSTEAD: Record<Refused, string> = {
  "restore --to-time":
    "`ops restore <stack> --from latest --to-time <iso> --dump-only` restores the newest verified dump taken at or before that time (losing the commits after it); " +
    "a recovery to the time itself (base backup + WAL) is not automated there: recover a base backup + WAL into a new Postgres volume with restore-base from the postgres image",
};

/**
 * A restore switches the live database: on prod it takes --force first, then a person's yes (the
 * stack name typed on a terminal) or --yes. The refusal comes before anything else is touched.
 */
export async function guardRestore(
  ctx: CommandContext<unknown>,
  tier: string,
  force: boolean,
  what: string,
): Promise<void> {
  if (tier === "prod" && !force) {
    throw new BackupRunbookError(
      "RESTORE_REFUSED",
      `${what}: ${ctx.stack} is prod; a restore replaces the live database there. Pass --force (and confirm, or --yes) if that is what you mean`,
    );
  }
  await confirm(what, ctx.stack, tier, ctx.common.yes, ctx.operator);
}
