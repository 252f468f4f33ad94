/**
 * Captures a job's output up to a byte cap and a line cap (at most maxLines
 * lines, each ended by a newline; nothing may follow the last one). Bytes past the cap are
 * dropped, never buffered, so a flood costs the worker nothing but CPU; the
 * first write past a cap fires `onOverflow` exactly once.
 */
export class OutputCapture {
  private readonly chunks: Uint8Array[] = [];
  private bytes = 0;
  private lines = 0;
  private overflowed = false;

  constructor(
    private readonly maxBytes: number,
    private readonly maxLines: number,
    private readonly onOverflow: () => void,
  ) {}

  get exceeded(): boolean {
    return this.overflowed;
  }

  writeText(text: string): void {
    this.write(new TextEncoder().encode(text));
  }

  write(chunk: Uint8Array): void {
    if (this.overflowed) return;
    const room = Math.min(this.maxBytes - this.bytes, this.bytesBeforeLine(chunk, this.maxLines - this.lines));
    const kept = chunk.subarray(0, Math.max(0, room));
    this.chunks.push(kept.slice());
    this.bytes += kept.length;
    this.lines += countNewlines(kept);
    if (kept.length < chunk.length) this.overflow();
  }

  /** The captured text, cut back to a whole UTF-8 character. */
  text(): string {
    const all = new Uint8Array(this.bytes);
    let offset = 0;
    for (const c of this.chunks) {
      all.set(c, offset);
      offset += c.length;
    }
    return new TextDecoder().decode(all.subarray(0, utf8Boundary(all)));
  }

  private overflow(): void {
    this.overflowed = true;
    this.onOverflow();
  }

  /** Bytes of `chunk` that fit when at most `allowedNewlines` more lines may end (nothing may follow the last). */
  private bytesBeforeLine(chunk: Uint8Array, allowedNewlines: number): number {
    if (allowedNewlines <= 0) return 0;
    let seen = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== 0x0a) continue;
      seen += 1;
      if (seen === allowedNewlines) return i + 1;
    }
    return chunk.length;
  }
}

function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b === 0x0a) n += 1;
  return n;
}

/** Length of the longest prefix of `bytes` that ends on a UTF-8 character boundary. */
export function utf8Boundary(bytes: Uint8Array): number {
  const end = bytes.length;
  let back = 0;
  while (back < 4 && end - back > 0 && ((bytes[end - back - 1] ?? 0) & 0xc0) === 0x80) back += 1;
  const lead = bytes[end - back - 1];
  if (lead === undefined || lead < 0xc0) return end;
  const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1;
  return back >= need ? end : end - back - 1;
}
