import { randomBytes } from "node:crypto";
import { link, open, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { BackupError, fileError } from "./errors.js";
import { tempFileName } from "./naming.js";

/** Flushes a file's data to the device, so a rename never publishes a name before its content. */
export async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, "r").catch((error) => {
    throw fileError(error, "opening", path);
  });
  try {
    await handle.sync().catch((error) => {
      throw fileError(error, "flushing", path);
    });
  } finally {
    await handle.close();
  }
}

/** Makes a directory's entries (a rename, a new link, an unlink) survive a power loss. */
export async function fsyncDir(dir: string): Promise<void> {
  await fsyncFile(dir);
}

/** Writes `name` in `dir` so a reader sees the old content or the new, never a torn file. */
export async function writeFileAtomic(dir: string, name: string, content: string): Promise<void> {
  const temp = join(dir, tempFileName(name, randomBytes(4).toString("hex")));
  try {
    await writeDurably(temp, content);
    await rename(temp, join(dir, name));
  } catch (error) {
    await removeQuietly(temp);
    throw fileError(error, "writing", join(dir, name));
  }
  await fsyncDir(dir);
}

/** A new file (never an existing one: "wx"), flushed to the device before it is closed. */
async function writeDurably(path: string, content: string): Promise<void> {
  const handle = await open(path, "wx", 0o640);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Gives a finished file its final name. link + unlink rather than rename, because rename would
 * silently replace an existing backup of the same name; link refuses instead.
 */
export async function publishNoClobber(dir: string, from: string, to: string): Promise<void> {
  try {
    await link(join(dir, from), join(dir, to));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw fileError(error, "publishing", join(dir, to));
    throw new BackupError(
      "BACKUP_NAME_TAKEN",
      `${join(dir, to)} already exists; a backup was taken in the same second, run again`,
    );
  }
  await unlink(join(dir, from)).catch((error) => {
    throw fileError(error, "removing", join(dir, from));
  });
  await fsyncDir(dir);
}

/** Removes files by name; a file already gone is fine, any other failure is reported. */
export async function removeFiles(dir: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await unlink(join(dir, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw fileError(error, "removing", join(dir, name));
    });
  }
  if (names.length > 0) await fsyncDir(dir);
}

/** Best-effort cleanup on a path that is already failing; the original error is what matters. */
export async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}
