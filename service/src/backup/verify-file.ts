import { readFile, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { BackupConfig } from "./config.js";
import { BackupError } from "./errors.js";
import { parseManifest, type Manifest } from "./manifest.js";
import { classifyFileName, manifestFor } from "./naming.js";
import { withLockedSession } from "./session.js";
import { verifyAndRecord } from "./verify.js";

export interface VerifyFileContext {
  config: BackupConfig;
  now: () => Date;
}

/** Re-verifies one dump against its manifest and records the outcome there; returns the new manifest. */
export async function verifyFile(ctx: VerifyFileContext, fileArg: string, signal?: AbortSignal): Promise<Manifest> {
  const path = locate(ctx.config, fileArg);
  const dir = dirname(path);
  const manifest = await loadManifest(dir, basename(path));
  return withLockedSession(ctx.config.database, (session) =>
    verifyAndRecord(session, { config: ctx.config, manifest, dir, now: ctx.now, signal }),
  );
}

/** A bare name is looked up in BACKUP_DIR; a path is taken as given. */
export function locate(config: BackupConfig, fileArg: string): string {
  const path = fileArg.includes("/") ? (isAbsolute(fileArg) ? fileArg : resolve(fileArg)) : join(config.dir, fileArg);
  if (classifyFileName(basename(path), config.stack).kind === "dump") return path;
  throw new BackupError(
    "BACKUP_FILE_INVALID",
    `received ${JSON.stringify(fileArg)}; allowed: a dump named ${config.stack}_<YYYYMMDDTHHMMSSZ>.dump (see the list command)`,
  );
}

/** The manifest beside `dumpName` in `dir`; a missing dump or an unusable manifest is a coded error. */
export async function loadManifest(dir: string, dumpName: string): Promise<Manifest> {
  await stat(join(dir, dumpName)).catch(() => {
    throw new BackupError(
      "BACKUP_FILE_INVALID",
      `${join(dir, dumpName)} does not exist; see the list command for the backups there`,
    );
  });
  const path = join(dir, manifestFor(dumpName)!);
  const unusable = (why: string) =>
    new BackupError(
      "BACKUP_MANIFEST_MISSING",
      `${path} ${why}, so ${dumpName} cannot be verified (and does not count)`,
    );
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) throw unusable("is missing");
  const parsed = parseManifest(text);
  if (!parsed.ok) throw unusable(`is unreadable (${parsed.problem})`);
  if (parsed.manifest.file !== dumpName) throw unusable(`describes ${parsed.manifest.file}`);
  return parsed.manifest;
}
