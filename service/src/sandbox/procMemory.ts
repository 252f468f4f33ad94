import { readFile } from "node:fs/promises";

/**
 * A worker's memory as the kernel accounts it, from /proc. RssAnon is the
 * anonymous memory actually resident; VmData is the writable private memory
 * committed (what RLIMIT_DATA bounds), resident or not.
 */
export interface ProcessMemory {
  rssAnonBytes: number;
  vmDataBytes: number;
}

const KIB = 1024;

export function parseMemory(status: string): ProcessMemory | undefined {
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status)?.[1] ?? Number.NaN);
  const [rssAnon, vmData] = [kib("RssAnon"), kib("VmData")];
  return Number.isFinite(rssAnon) && Number.isFinite(vmData)
    ? { rssAnonBytes: rssAnon * KIB, vmDataBytes: vmData * KIB }
    : undefined;
}

/** The soft RLIMIT_DATA in bytes, or undefined when there is none. */
export function parseDataLimit(limits: string): number | undefined {
  const soft = /^Max data size\s+(\S+)/m.exec(limits)?.[1];
  return soft === undefined || soft === "unlimited" ? undefined : Number(soft);
}

/** Undefined when the process is gone or /proc is unreadable. */
export async function readMemory(pid: number): Promise<ProcessMemory | undefined> {
  return parseMemory((await readProc(pid, "status")) ?? "");
}

export async function readDataLimit(pid: number): Promise<number | undefined> {
  return parseDataLimit((await readProc(pid, "limits")) ?? "");
}

async function readProc(pid: number, file: string): Promise<string | undefined> {
  try {
    return await readFile(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined;
  }
}
