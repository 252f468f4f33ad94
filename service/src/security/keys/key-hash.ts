import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** scrypt cost: N=2^14, r=8 (16 MiB, tens of ms), computed on libuv's thread pool, off the event loop. */
const SCRYPT_OPTIONS: ScryptOptions = { N: 16_384, r: 8, p: 1 };
const HASH_BYTES = 32;
const SALT_BYTES = 16;

export interface KeyHash {
  salt: Buffer;
  hash: Buffer;
}

export function scryptHash(key: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(key, salt, HASH_BYTES, SCRYPT_OPTIONS, (error, derived) => (error ? reject(error) : resolve(derived)));
  });
}

/** A fresh per-key salt and the hash to store. */
export async function hashNewKey(key: string): Promise<KeyHash> {
  const salt = randomBytes(SALT_BYTES);
  return { salt, hash: await scryptHash(key, salt) };
}

export async function keyMatches(key: string, stored: KeyHash): Promise<boolean> {
  const candidate = await scryptHash(key, stored.salt);
  return candidate.length === stored.hash.length && timingSafeEqual(candidate, stored.hash);
}
