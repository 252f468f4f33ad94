import { readFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { BASE_MANIFEST, baseRoot, classifyBaseEntry, isWalSegment, walRoot } from "./base-naming.js";
import { parseBaseManifest, type BaseManifest } from "./base-manifest.js";
import { fileError } from "./errors.js";
import { fileDigest } from "./file-digest.js";

/** One base backup directory: usable when its manifest parsed and (if checked) every file matches it. */
export interface BaseRecord {
  name: string;
  createdAt: Date;
  manifest?: BaseManifest;
  /** Why it cannot be used; absent for a usable one. */
  problem?: string;
}

export interface PhysicalInventory {
  /** Oldest first. */
  bases: BaseRecord[];
  /** Partial base backups left by crashed runs. */
  leftovers: string[];
  /** Archived WAL segment names, in order. */
  wal: string[];
}

/** Reads base/ and wal/ (either may not exist yet); `checkDigests` re-hashes every base backup file. */
export async function readPhysicalInventory(
  dir: string,
  stack: string,
  checkDigests = false,
): Promise<PhysicalInventory> {
  const bases: BaseRecord[] = [];
  const leftovers: string[] = [];
  for (const name of (await listOrEmpty(baseRoot(dir))).sort()) {
    const entry = classifyBaseEntry(name, stack);
    if (entry.kind === "leftover") leftovers.push(name);
    if (entry.kind === "base")
      bases.push(await inspect(join(baseRoot(dir), name), entry.name, entry.createdAt, checkDigests));
  }
  return { bases, leftovers, wal: (await listOrEmpty(walRoot(dir))).filter(isWalSegment).sort() };
}

async function inspect(path: string, name: string, createdAt: Date, checkDigests: boolean): Promise<BaseRecord> {
  const text = await readFile(join(path, BASE_MANIFEST), "utf8").catch(() => undefined);
  if (text === undefined) return { name, createdAt, problem: `${BASE_MANIFEST} is missing` };
  const parsed = parseBaseManifest(text);
  if (!parsed.ok) return { name, createdAt, problem: `${BASE_MANIFEST} unreadable: ${parsed.problem}` };
  if (parsed.manifest.name !== name)
    return { name, createdAt, problem: `${BASE_MANIFEST} describes ${parsed.manifest.name}` };
  const changed = checkDigests ? await changedFiles(path, parsed.manifest) : [];
  const problem = changed.length > 0 ? `no longer matches its manifest: ${changed.join(", ")}` : undefined;
  return { name, createdAt, manifest: parsed.manifest, ...(problem ? { problem } : {}) };
}

async function changedFiles(path: string, manifest: BaseManifest): Promise<string[]> {
  const changed: string[] = [];
  for (const file of manifest.files) {
    const actual = await fileDigest(join(path, file.name)).catch(() => undefined);
    if (actual?.sha256 !== file.sha256 || actual.size_bytes !== file.size_bytes) changed.push(file.name);
  }
  return changed;
}

async function listOrEmpty(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw fileError(error, "listing", path);
  }
}

/** Modification time of the newest archived segment, seconds since the epoch; undefined with none. */
export async function newestSegmentTime(dir: string): Promise<number | undefined> {
  const newest = (await listOrEmpty(walRoot(dir))).filter(isWalSegment).sort().at(-1);
  if (newest === undefined) return undefined;
  return (await stat(join(walRoot(dir), newest))).mtimeMs / 1000;
}
