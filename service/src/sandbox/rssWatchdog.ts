import { readFile } from "node:fs/promises";

/**
 * Backstop for memory a job could take outside the WASM cap and the V8 heap
 * bound (for example ArrayBuffers made through Pyodide's FFI): polls the
 * worker's resident set in /proc and calls `onExceeded` once when it grows
 * more than `allowanceMib` past its size when the job started. A sample can
 * only find growth after the fact (at 100 ms, a 4 GiB buffer being filled
 * had grown 35-70 MiB past the allowance): the hard bound is the kernel's
 * (dataLimit.ts); this finds slower growth and a job's own lower allowance.
 */
const PAGE_BYTES = 4096;
const MIB = 1024 * 1024;
/** Poll period, milliseconds: one small /proc read per busy worker. */
export const RSS_POLL_MS = 25;

export function watchRss(pid: number, allowanceMib: number, onExceeded: () => void): () => void {
  let baseline: number | undefined;
  let stopped = false;
  const poll = async (): Promise<void> => {
    const rss = await residentBytes(pid);
    if (stopped || rss === undefined) return;
    baseline ??= rss;
    if (rss - baseline > allowanceMib * MIB) {
      stopped = true;
      onExceeded();
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), RSS_POLL_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** Resident bytes of a process, or undefined when it is gone or /proc is unavailable. */
export async function residentBytes(pid: number): Promise<number | undefined> {
  try {
    const fields = (await readFile(`/proc/${pid}/statm`, "utf8")).split(" ");
    return Number(fields[1]) * PAGE_BYTES;
  } catch {
    return undefined;
  }
}
