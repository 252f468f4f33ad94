/**
 * File names in BACKUP_DIR. A backup is `<stack>_<YYYYMMDDTHHMMSSZ>.dump` plus
 * `<same>.manifest.json`; work in progress always starts with a dot so nothing half-written
 * ever matches the names that count.
 */

/** Stack names as Pulumi allows them, minus a leading dot (which would hide the file). */
export const STACK_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const LEFTOVER = /^\d{8}T\d{6}Z\.(dump\.partial|(dump|manifest\.json)\.[0-9a-f]{8}\.tmp)$/;

export type FileKind =
  | { kind: "dump" | "manifest"; base: string; createdAt: Date }
  | { kind: "leftover" }
  | { kind: "other" };

/** UTC, second precision, sortable as text: 2024-01-02T03:04:05.678Z becomes 20240102T030405Z. */
export function formatTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** The inverse of formatTimestamp; undefined for anything else, including impossible dates. */
export function parseTimestamp(text: string): Date | undefined {
  const parts = TIMESTAMP.exec(text);
  if (!parts) return undefined;
  const [, y, mo, d, h, mi, s] = parts as unknown as string[];
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(date.getTime()) || formatTimestamp(date) !== text ? undefined : date;
}

export function backupBaseName(stack: string, createdAt: Date): string {
  return `${stack}_${formatTimestamp(createdAt)}`;
}

export const dumpFileName = (base: string): string => `${base}.dump`;
export const manifestFileName = (base: string): string => `${base}.manifest.json`;
export const partialFileName = (base: string): string => `.${base}.dump.partial`;
/** `suffix` is 8 hex digits, so two writers never share a temp file. */
export const tempFileName = (target: string, suffix: string): string => `.${target}.${suffix}.tmp`;

/** The manifest that belongs to a dump file name; undefined when the name is not a dump's. */
export function manifestFor(dumpName: string): string | undefined {
  return dumpName.endsWith(".dump") ? manifestFileName(dumpName.slice(0, -".dump".length)) : undefined;
}

/**
 * What a directory entry is for `stack`. Other stacks' files and unknown names are "other", so
 * a shared directory never loses another job's work in progress.
 */
export function classifyFileName(name: string, stack: string): FileKind {
  if (name.startsWith(`.${stack}_`) && LEFTOVER.test(name.slice(stack.length + 2))) return { kind: "leftover" };
  if (!name.startsWith(`${stack}_`)) return { kind: "other" };
  const rest = name.slice(stack.length + 1);
  const match = /^(\d{8}T\d{6}Z)\.(dump|manifest\.json)$/.exec(rest);
  const createdAt = match ? parseTimestamp(match[1] as string) : undefined;
  if (!match || !createdAt) return { kind: "other" };
  const base = `${stack}_${match[1]}`;
  return { kind: match[2] === "dump" ? "dump" : "manifest", base, createdAt };
}

/** The files that make up one backup name; either may be missing. */
export interface BackupFiles {
  base: string;
  createdAt: Date;
  dumpFile?: string;
  manifestFile?: string;
}

/** Groups a directory listing by backup, oldest first, and picks out crashed runs' leftovers. */
export function groupBackupFiles(
  names: readonly string[],
  stack: string,
): { backups: BackupFiles[]; leftovers: string[] } {
  const backups = new Map<string, BackupFiles>();
  const leftovers: string[] = [];
  for (const name of [...names].sort()) {
    const file = classifyFileName(name, stack);
    if (file.kind === "leftover") leftovers.push(name);
    if (file.kind !== "dump" && file.kind !== "manifest") continue;
    const entry = backups.get(file.base) ?? { base: file.base, createdAt: file.createdAt };
    backups.set(file.base, { ...entry, [file.kind === "dump" ? "dumpFile" : "manifestFile"]: name });
  }
  return { backups: [...backups.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()), leftovers };
}
