import { closeSync, openSync, readFileSync, rmSync, writeSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { hostname, userInfo } from "node:os";

/** Who holds a lock: enough for the refused party to know whom to ask. */
export interface LockHolder {
  operator: string;
  host: string;
  pid: number;
  command: string;
  since: string;
}

export class LockHeldError extends Error {
  readonly code = "LOCK_HELD";
  constructor(
    readonly file: string,
    readonly holder: LockHolder,
  ) {
    super(
      `${file} is held by ${holder.operator}@${holder.host} (pid ${holder.pid}, \`${holder.command}\`, since ${holder.since}); wait for it to finish`,
    );
    this.name = "LockHeldError";
  }
}

/**
 * Takes an exclusive lock file (O_EXCL); a lock whose process is gone on this host is stale and taken over.
 * Returns a release function; callers release in `finally` so a failure never leaves the lock behind.
 */
export function acquireLock(file: string, command: string): () => void {
  mkdirSync(dirname(file), { recursive: true });
  const me: LockHolder = {
    operator: userInfo().username,
    host: hostname(),
    pid: process.pid,
    command,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o644);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readHolder(file);
      if (holder && isAlive(holder)) throw new LockHeldError(file, holder);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`${file}: could not take the lock after removing a stale one`);
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch {
    return false;
  }
}
