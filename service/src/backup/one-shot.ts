import { newestSegmentTime, readPhysicalInventory } from "./base-inventory.js";
import { toPhysicalListing } from "./base-listing.js";
import type { Command } from "./cli-args.js";
import type { BackupConfig } from "./config.js";
import { BackupError } from "./errors.js";
import { describeMismatch } from "./state.js";
import { databaseStats } from "./stats-command.js";
import { restoreInto, type RestoreResult } from "./restore-into.js";
import { copyFrom, type CopyResult } from "./copy-from.js";
import { switchDatabase } from "./switch-database.js";

type RestoreSide = Extract<Command, { name: "bases" | "stats" | "restore" | "copy" | "switch" }>;

/**
 * The commands restores and drills run (in the job's container, which has the tools, the volume
 * and the credentials): each resolves with the JSON to print, or rejects with a BackupError.
 */
export async function restoreSide(command: RestoreSide, config: BackupConfig, signal: AbortSignal): Promise<unknown> {
  switch (command.name) {
    case "bases":
      return toPhysicalListing(
        await readPhysicalInventory(config.dir, config.stack, true),
        await newestSegmentTime(config.dir),
      );
    case "stats":
      return databaseStats(config, command.database, signal);
    case "switch":
      return switchDatabase(config, command.database, new Date());
    case "restore":
      return switchedIf(
        command.switchAfter,
        config,
        restored(await restoreInto(config, command.file, command.database, signal)),
      );
    case "copy":
      return switchedIf(
        command.switchAfter,
        config,
        copied(await copyFrom(config, command.host, command.database, signal)),
      );
  }
}

/**
 * --switch: the checked copy takes the configured name in the same process, saving a second start
 * of the job (restores and drills wait on it).
 */
async function switchedIf<T extends { database: string }>(
  switchAfter: boolean,
  config: BackupConfig,
  result: T,
): Promise<T | (T & { switched: unknown })> {
  if (!switchAfter) return result;
  return { ...result, switched: await switchDatabase(config, result.database, new Date()) };
}

function copied(result: CopyResult): CopyResult {
  if (result.verified) return result;
  process.stdout.write(`${JSON.stringify(result)}\n`);
  const first = result.mismatches[0];
  throw new BackupError(
    "BACKUP_RESTORE_FAILED",
    `the copy from ${result.source_host} does not match its source (${result.mismatches.length} mismatch(es)${first ? `; first: ${describeMismatch(first)}` : ""}); ${result.database} was not kept`,
  );
}

/** A restore that does not match its manifest prints its result and still fails the command. */
function restored(result: RestoreResult): RestoreResult {
  if (result.verified) return result;
  process.stdout.write(`${JSON.stringify(result)}\n`);
  const first = result.mismatches[0];
  throw new BackupError(
    "BACKUP_RESTORE_FAILED",
    `${result.file} does not match its manifest (${result.mismatches.length} mismatch(es)${first ? `; first: ${describeMismatch(first)}` : ""}); ${result.database} was not kept`,
  );
}
