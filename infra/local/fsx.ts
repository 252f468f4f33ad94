import {
  closeSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
  chmodSync,
  chownSync,
  mkdirSync,
} from "node:fs";
import { dirname } from "node:path";

/** Writes a file atomically: temp file, fsync, rename, fsync of the directory. Readers never see half a file. */
export function writeFileAtomic(path: string, content: string | Buffer, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, "w", mode);
    try {
      writeSync(fd, typeof content === "string" ? Buffer.from(content) : content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, mode);
    renameSync(tmp, path);
    syncDir(dirname(path));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

export function syncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A file only one container user can read: owner uid, mode 0400. Needs root (or that uid) to chown. */
export function writeOwnedSecret(path: string, content: string, uid: number): void {
  writeFileAtomic(path, content, 0o400);
  chownSync(path, uid, uid);
}
