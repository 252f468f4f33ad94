import { newestSegmentTime, readPhysicalInventory } from "./base-inventory.js";
import { toPhysicalListing } from "./base-listing.js";
import type { AfterRestore, Command } from "./cli-args.js";
import type { BackupConfig } from "./config.js";
import { BackupError } from "./errors.js";
import { describeMismatch } from "./state.js";
import { databaseStats } from "./stats-command.js";
import { dropDatabase, restoreInto, type RestoreResult } from "./restore-into.js";
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
    case "restore": {
      if (command.after === "check") return checked(config, command.file, command.database, signal);
      const result = restored(await restoreInto(config, command.file, command.database, signal));
      return switchedIf(command.after, config, result);
    }
    case "copy":
      return switchedIf(command.after, config, copied(await copyFrom(config, command.host, command.database, signal)));
  }
}

/**
 * --check, a restore drill: the same restore and comparison into a fresh database, which is then
 * dropped on a match too, so the drill leaves nothing behind; one left behind fails the command.
 */
async function checked(
  config: BackupConfig,
  file: string,
  database: string,
  signal: AbortSignal,
): Promise<RestoreResult & { kept: false }> {
  if (database === config.database.name)
    throw new BackupError("BACKUP_USAGE", `a drill restores into a scratch database, not ${database} (DATABASE_NAME)`);
  const result = await restoreInto(config, file, database, signal);
  restored({ ...result, kept: false });
  await dropDatabase(config, database).catch((error: Error) => {
    throw new BackupError(
      "BACKUP_RESTORE_FAILED",
      `${result.file} matches its manifest, but dropping the drill's database ${database} failed: ${error.message}; ` +
        `${database} is left behind: drop it by hand (DROP DATABASE ${database} WITH (FORCE))`,
      { cause: error },
    );
  });
  return { ...result, kept: false };
}

/**
 * --switch: the checked copy takes the configured name in the same process, saving a second start
 * of the job (restores and drills wait on it).
 */
async function switchedIf<T extends { database: string }>(
  after: AfterRestore,
  config: BackupConfig,
  result: T,
): Promise<T | (T & { switched: unknown })> {
  if (after !== "switch") return result;
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
function restored<T extends RestoreResult>(result: T): T {
  if (result.verified) return result;
  process.stdout.write(`${JSON.stringify(result)}\n`);
  const first = result.mismatches[0];
  throw new BackupError(
    "BACKUP_RESTORE_FAILED",
    `${result.file} does not match its manifest (${result.mismatches.length} mismatch(es)${first ? `; first: ${describeMismatch(first)}` : ""}); ${result.database} was not kept`,
  );
}
