import { createHash } from "node:crypto";

/** md5 digests are 16 bytes: four 32-bit words. Lowercase hex preserves byte order, so sorting bytes sorts the hex. */
export const DIGEST_BYTES = 16;
const WORDS = DIGEST_BYTES / 4;
/** Bucketing by the top 16 bits leaves a handful of records per bucket for random digests. */
const BUCKETS = 65_536;
/** Buckets past this size (only skewed data makes them) are sorted by index instead of by insertion. */
const INSERTION_MAX = 64;
/** Records hashed into the final md5 per update: bounded memory for the hex text, whatever the table's size. */
const HEX_BATCH_RECORDS = 65_536;

/**
 * Sorts 16-byte digests in byte order, as numbers in typed arrays (no object per row): a counting
 * pass on the first two bytes, then insertion sort inside each bucket. Returns the sorted bytes.
 */
export function sortDigests(data: Buffer): Buffer {
  const n = data.length / DIGEST_BYTES;
  const keys = new Uint32Array(n * WORDS);
  for (let i = 0; i < keys.length; i += 1) keys[i] = data.readUInt32BE(i * 4);
  const next = new Uint32Array(BUCKETS + 1);
  for (let i = 0; i < n; i += 1) next[(keys[i * WORDS]! >>> 16) + 1]! += 1;
  for (let b = 0; b < BUCKETS; b += 1) next[b + 1]! += next[b]!;
  const bounds = Uint32Array.from(next);
  const sorted = new Uint32Array(keys.length);
  for (let i = 0; i < n; i += 1) {
    const b = keys[i * WORDS]! >>> 16;
    sorted.set(keys.subarray(i * WORDS, (i + 1) * WORDS), next[b]! * WORDS);
    next[b]! += 1;
  }
  for (let b = 0; b < BUCKETS; b += 1) sortBucket(sorted, bounds[b]!, bounds[b + 1]!);
  const out = Buffer.allocUnsafe(data.length);
  for (let i = 0; i < sorted.length; i += 1) out.writeUInt32BE(sorted[i]!, i * 4);
  return out;
}

/** Record a against record b (or the held one when b is -1), word by word. */
function compare(keys: Uint32Array, a: number, other: Uint32Array, b: number): number {
  for (let k = 0; k < WORDS; k += 1) {
    const x = keys[a * WORDS + k]!;
    const y = other[b * WORDS + k]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function sortBucket(keys: Uint32Array, from: number, to: number): void {
  if (to - from > INSERTION_MAX) {
    sortLargeBucket(keys, from, to);
    return;
  }
  const held = new Uint32Array(WORDS);
  for (let i = from + 1; i < to; i += 1) {
    if (compare(keys, i - 1, keys, i) <= 0) continue;
    held.set(keys.subarray(i * WORDS, (i + 1) * WORDS));
    let j = i - 1;
    for (; j >= from && compare(keys, j, held, 0) > 0; j -= 1)
      keys.copyWithin((j + 1) * WORDS, j * WORDS, (j + 1) * WORDS);
    keys.set(held, (j + 1) * WORDS);
  }
}

function sortLargeBucket(keys: Uint32Array, from: number, to: number): void {
  const records = [];
  for (let i = from; i < to; i += 1) records.push(keys.slice(i * WORDS, (i + 1) * WORDS));
  records.sort((a, b) => compare(a, 0, b, 0));
  for (const [k, r] of records.entries()) keys.set(r, (from + k) * WORDS);
}

/**
 * `md5(string_agg(h, '' ORDER BY h COLLATE "C"))` over md5 digests `h` (given as bytes), computed
 * here: null for no rows, as string_agg gives NULL and md5(NULL) is NULL.
 */
export function md5OfSortedHex(digests: Buffer): string | null {
  if (digests.length === 0) return null;
  const sorted = sortDigests(digests);
  const hash = createHash("md5");
  const step = HEX_BATCH_RECORDS * DIGEST_BYTES;
  for (let at = 0; at < sorted.length; at += step) hash.update(sorted.subarray(at, at + step).toString("hex"));
  return hash.digest("hex");
}
