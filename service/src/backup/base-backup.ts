import { chmod, mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { BASE_ARCHIVE, BASE_MANIFEST, BASE_SERVER_MANIFEST, baseRoot, partialBaseName } from "./base-naming.js";
import { parseBackupLabel, parseEndLsn } from "./base-label.js";
import { BASE_MANIFEST_FORMAT, type BaseManifest } from "./base-manifest.js";
import { runTool } from "./child-process.js";
import type { BackupConfig } from "./config.js";
import { fsyncDir, writeFileAtomic } from "./durable-files.js";
import { BackupError, fileError } from "./errors.js";
import { fileDigest } from "./file-digest.js";
import { pgBaseBackupCommand, tarMemberCommand } from "./pg-commands.js";

export interface BaseBackupInput {
  config: BackupConfig;
  /** The base name of the dump taken in the same run; the pair shares it. */
  base: string;
  pairedDump: string;
  createdAt: Date;
  serverVersion: string;
  signal?: AbortSignal;
}

/** pg_basebackup writes owner-only files; the backups group (restores run as postgres) must read them. */
const DIR_MODE = 0o2750;
const FILE_MODE = 0o640;

/**
 * A physical base backup into base/.<name>.partial, described by manifest.json (written last), then
 * renamed to base/<name>. On failure nothing that counts is left behind.
 */
export async function takeBaseBackup(input: BaseBackupInput): Promise<BaseManifest> {
  const root = baseRoot(input.config.dir);
  await mkdir(root, { recursive: true }).catch((error) => {
    throw fileError(error, "creating", root);
  });
  const partial = join(root, partialBaseName(input.base));
  try {
    const command = pgBaseBackupCommand(input.config.tools.pgBaseBackup, input.config.database, partial, input.base);
    await runTool(command, { failureCode: "BACKUP_BASE_FAILED", signal: input.signal });
    const manifest = await describe(partial, input);
    await writeFileAtomic(partial, BASE_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    await publish(root, input.base);
    return manifest;
  } catch (error) {
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

async function describe(dir: string, input: BaseBackupInput): Promise<BaseManifest> {
  const archive = join(dir, BASE_ARCHIVE);
  const label = parseBackupLabel(
    await runTool(tarMemberCommand(archive, "backup_label"), {
      failureCode: "BACKUP_BASE_FAILED",
      signal: input.signal,
    }),
  );
  const endLsn = parseEndLsn(
    await readFile(join(dir, BASE_SERVER_MANIFEST), "utf8").catch((error) => {
      throw fileError(error, "reading", dir);
    }),
  );
  const files = [];
  for (const name of [BASE_ARCHIVE, BASE_SERVER_MANIFEST]) {
    await chmod(join(dir, name), FILE_MODE);
    files.push({ name, ...(await fileDigest(join(dir, name))) });
  }
  await chmod(dir, DIR_MODE);
  return {
    manifest_format: BASE_MANIFEST_FORMAT,
    kind: "base",
    name: input.base,
    stack: input.config.stack,
    created_at: input.createdAt.toISOString(),
    paired_dump: input.pairedDump,
    server_version: input.serverVersion,
    start_lsn: label.startLsn,
    start_wal_file: label.startWalFile,
    start_time: label.startTime,
    timeline: label.timeline,
    end_lsn: endLsn,
    files,
  };
}

/** rename would quietly replace an empty directory of the same name; the run holds the backup lock, so a look first is enough. */
async function publish(root: string, base: string): Promise<void> {
  const target = join(root, base);
  if (
    await stat(target).then(
      () => true,
      () => false,
    )
  ) {
    throw new BackupError(
      "BACKUP_NAME_TAKEN",
      `${target} already exists; a base backup was taken in the same second, run again`,
    );
  }
  await rename(join(root, partialBaseName(base)), target).catch((error) => {
    throw fileError(error, "publishing", target);
  });
  await fsyncDir(root);
}
