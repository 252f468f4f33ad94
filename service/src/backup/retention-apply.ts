import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { readPhysicalInventory } from "./base-inventory.js";
import { baseRoot, walRoot } from "./base-naming.js";
import { planBaseRetention } from "./base-retention.js";
import { fsyncDir, removeFiles } from "./durable-files.js";
import { fileError } from "./errors.js";
import { readInventory, type Inventory } from "./inventory.js";
import { groupBackupFiles } from "./naming.js";
import { planLeftoverCleanup, planRetention, type Deletion } from "./retention.js";

export interface RetentionTarget {
  dir: string;
  stack: string;
  retain: number;
}

/** Removes what crashed runs left. Call only under the backup lock: a running job's partial looks the same. */
export async function cleanLeftovers(target: RetentionTarget, logger: Logger): Promise<void> {
  const names = await readdir(target.dir).catch((error) => {
    throw fileError(error, "listing", target.dir);
  });
  await execute(target.dir, planLeftoverCleanup(groupBackupFiles(names, target.stack).leftovers), logger);
  const { leftovers } = await readPhysicalInventory(target.dir, target.stack);
  await removeDirs(baseRoot(target.dir), planLeftoverCleanup(leftovers), logger);
}

/** Applies planRetention to the directory, then base backups and WAL follow the kept dumps; returns what is left. */
export async function applyRetention(target: RetentionTarget, logger: Logger): Promise<Inventory> {
  const inventory = await readInventory(target.dir, target.stack);
  const plan = planRetention(inventory.backups, inventory.leftovers, target.retain);
  await execute(target.dir, plan.deletions, logger);
  const kept = new Set(plan.keep);
  await applyBaseRetention(target, kept, logger);
  return { backups: inventory.backups.filter((entry) => kept.has(entry.base)), leftovers: [] };
}

async function applyBaseRetention(
  target: RetentionTarget,
  keptDumps: ReadonlySet<string>,
  logger: Logger,
): Promise<void> {
  const physical = await readPhysicalInventory(target.dir, target.stack);
  const facts = physical.bases.map((b) => ({
    name: b.name,
    ...(b.manifest ? { startWalFile: b.manifest.start_wal_file } : {}),
  }));
  const plan = planBaseRetention(facts, keptDumps, physical.leftovers, physical.wal);
  await removeDirs(baseRoot(target.dir), plan.dirs, logger);
  if (plan.wal.length === 0) return;
  // One line for the lot: a day of archiving is over a thousand segments.
  logger.info(
    { segments: plan.wal.length, first: plan.wal[0]!.file, last: plan.wal.at(-1)!.file, reason: plan.wal[0]!.reason },
    "removing WAL segments",
  );
  await removeFiles(
    walRoot(target.dir),
    plan.wal.map((deletion) => deletion.file),
  );
}

async function execute(dir: string, deletions: readonly Deletion[], logger: Logger): Promise<void> {
  for (const deletion of deletions)
    logger.info({ file: deletion.file, reason: deletion.reason }, "removing backup file");
  await removeFiles(
    dir,
    deletions.map((deletion) => deletion.file),
  );
}

async function removeDirs(root: string, deletions: readonly Deletion[], logger: Logger): Promise<void> {
  for (const deletion of deletions) {
    logger.info({ dir: deletion.file, reason: deletion.reason }, "removing base backup");
    await rm(join(root, deletion.file), { recursive: true, force: true }).catch((error) => {
      throw fileError(error, "removing", join(root, deletion.file));
    });
  }
  if (deletions.length > 0) await fsyncDir(root);
}
