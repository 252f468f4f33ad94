import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../infra/exec/run.js";

/**
 * A small filesystem of its own (a size-limited tmpfs mounted on a host directory) for a backup
 * location that can be filled to the last byte without touching the host's disk. Mounting needs root,
 * as the Docker engine these live tests drive does anyway.
 */
export interface SmallDisk {
  dir: string;
  /** Bytes still free for an unprivileged writer. */
  free(): number;
  /** Writes a filler file so that only `leaveBytes` stay free; returns its path. */
  fill(leaveBytes: number): string;
  /** name -> sha256 of every file under the directory (recursive), filler excluded. */
  digests(): Record<string, string>;
  /** Unmounts and removes the directory. */
  remove(): Promise<void>;
}

export const FILLER = "zz-filler.bin";

export async function mountSmallDisk(sizeMiB: number, owner: { uid: number; gid: number }): Promise<SmallDisk> {
  if (process.getuid?.() !== 0)
    throw new Error(
      `mounting a ${sizeMiB} MiB tmpfs for the backup-full test needs root (running as uid ${process.getuid?.()}); run the live suite as root`,
    );
  const dir = mkdtempSync(join(tmpdir(), "verifier-smalldisk-"));
  // setgid 2770 like the backups volume in the images: files stay in the backups group.
  await run([
    "mount",
    "-t",
    "tmpfs",
    "-o",
    `size=${sizeMiB}m,mode=2770,uid=${owner.uid},gid=${owner.gid}`,
    "tmpfs",
    dir,
  ]);
  const free = () => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  return {
    dir,
    free,
    fill(leaveBytes) {
      const path = join(dir, FILLER);
      writeFileSync(path, Buffer.alloc(Math.max(0, free() - leaveBytes)));
      return path;
    },
    digests: () => digestsUnder(dir),
    async remove() {
      await run(["umount", dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function digestsUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === FILLER) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length + 1)] = createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return out;
}
