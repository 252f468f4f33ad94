import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileError } from "./errors.js";
import { fileDigest } from "./file-digest.js";
import { parseManifest, type Manifest } from "./manifest.js";
import { groupBackupFiles, type BackupFiles } from "./naming.js";
import type { BackupRecord } from "./retention.js";
import { judgeBackup, type Observed } from "./state.js";

/** One backup as found on disk, with the reason for its state. */
export interface InventoryEntry extends BackupRecord {
  reason: string;
  /** Present when the manifest parsed. */
  manifest?: Manifest;
}

export interface Inventory {
  /** Oldest first. */
  backups: InventoryEntry[];
  /** Partial dumps and temp manifests left by crashed runs. */
  leftovers: string[];
}

/**
 * Reads every backup of `stack` in `dir` and judges it. Each dump is hashed again, because a
 * file that changed since its manifest was written must not count as a good backup.
 */
export async function readInventory(dir: string, stack: string): Promise<Inventory> {
  const names = await readdir(dir).catch((error) => {
    throw fileError(error, "listing", dir);
  });
  const { backups, leftovers } = groupBackupFiles(names, stack);
  const entries: InventoryEntry[] = [];
  for (const files of backups) entries.push(await inspect(dir, files));
  return { backups: entries, leftovers };
}

async function inspect(dir: string, files: BackupFiles): Promise<InventoryEntry> {
  const observed = await observe(dir, files);
  const judgement = judgeBackup(observed);
  return {
    base: files.base,
    createdAt: files.createdAt,
    files: [files.dumpFile, files.manifestFile].filter((name): name is string => name !== undefined),
    ...judgement,
    manifest: observed.manifest?.ok ? observed.manifest.manifest : undefined,
  };
}

/** A file deleted between listing and reading (a concurrent retention) counts as absent. */
async function observe(dir: string, files: BackupFiles): Promise<Observed> {
  const observed: Observed = {};
  const text = files.manifestFile
    ? await ifPresent(join(dir, files.manifestFile), (path) => readFile(path, "utf8"))
    : undefined;
  if (text !== undefined) observed.manifest = parseManifest(text);
  const actual = files.dumpFile ? await ifPresent(join(dir, files.dumpFile), fileDigest) : undefined;
  if (actual) Object.assign(observed, { dumpFile: files.dumpFile, actual });
  return observed;
}

async function ifPresent<T>(path: string, read: (path: string) => Promise<T>): Promise<T | undefined> {
  try {
    return await read(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fileError(error, "reading", path);
  }
}

/** The newest backup that counts, if any. */
export function newestVerified(inventory: Inventory): InventoryEntry | undefined {
  return inventory.backups.filter((entry) => entry.state === "verified").at(-1);
}
