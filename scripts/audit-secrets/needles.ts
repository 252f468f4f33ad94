import { Transform, type TransformCallback } from "node:stream";

/** One secret as searched for: its name (safe to print) and the bytes that give it away (never printed). */
export interface Needle {
  name: string;
  bytes: Buffer;
}

/** Shorter values would match by chance in gigabytes of layers; every generated secret is longer. */
export const MIN_NEEDLE_CHARS = 16;

/**
 * What to search for, per secret file. A TLS bundle holds a public certificate (served to every
 * client), so only its private key counts: the first line of the key's base64 body.
 */
export function needlesOf(secrets: Record<string, string>): Needle[] {
  return Object.entries(secrets).flatMap(([name, value]) => {
    const text = /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value) ? privateKeyLine(value) : value.trim();
    return text !== undefined && text.length >= MIN_NEEDLE_CHARS ? [{ name, bytes: Buffer.from(text) }] : [];
  });
}

function privateKeyLine(pem: string): string | undefined {
  const body = /-----BEGIN [A-Z ]*PRIVATE KEY-----\r?\n([^\r\n]+)/.exec(pem);
  return body?.[1];
}

/** Names of the needles found in one buffer. */
export function findIn(haystack: Buffer | string, needles: Needle[]): string[] {
  const buf = typeof haystack === "string" ? Buffer.from(haystack) : haystack;
  return needles.filter((n) => buf.includes(n.bytes)).map((n) => n.name);
}

/**
 * A pass-through stream that remembers which needles went by, across chunk boundaries, without
 * holding more than one chunk plus the longest needle in memory.
 */
export class NeedleScanner extends Transform {
  readonly found = new Set<string>();
  #tail = Buffer.alloc(0);
  readonly #keep: number;

  constructor(private readonly needles: Needle[]) {
    super();
    this.#keep = Math.max(0, ...needles.map((n) => n.bytes.length - 1));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const window = Buffer.concat([this.#tail, chunk]);
    for (const name of findIn(window, this.needles)) this.found.add(name);
    this.#tail = window.subarray(Math.max(0, window.length - this.#keep));
    done();
  }
}
