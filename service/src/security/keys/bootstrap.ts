import { readFile } from "node:fs/promises";
import type { Logger } from "pino";
import { BOOTSTRAP_KEY_ID, MAX_KEY_CHARS, MIN_KEY_CHARS, lookupIdOf } from "./api-key.js";
import { hashNewKey, keyMatches } from "./key-hash.js";
import type { KeyStore } from "./key-store.js";

export const BOOTSTRAP_KEY_NAME = "bootstrap";

/** The bootstrap key file is unreadable or its content cannot be a key; boot stops. */
export class BootstrapKeyError extends Error {
  readonly code = "BOOTSTRAP_KEY_INVALID";
}

/**
 * Makes the key in `file` an admin key named "bootstrap". Idempotent: a key already stored
 * with that text is left alone (no new salt each boot); other keys named "bootstrap" are revoked.
 */
export async function bootstrapAdminKey(file: string, store: KeyStore, logger?: Pick<Logger, "info">): Promise<string> {
  const key = await readKeyFile(file);
  const id = lookupIdOf(key) ?? BOOTSTRAP_KEY_ID;
  const stored = await store.find(id);
  if (!stored || stored.revoked || stored.role !== "admin" || !(await keyMatches(key, stored))) {
    await store.upsert({ id, name: BOOTSTRAP_KEY_NAME, role: "admin", ...(await hashNewKey(key)) });
    logger?.info({ keyId: id }, "bootstrap admin key stored");
  }
  await store.revokeOthersNamed(BOOTSTRAP_KEY_NAME, id);
  return id;
}

async function readKeyFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "error";
    throw new BootstrapKeyError(
      `BOOTSTRAP_ADMIN_KEY_FILE: cannot read ${file} (${reason}); point it at a readable file holding the key`,
    );
  }
  const key = text.replace(/\r?\n$/, "");
  if (key.length < MIN_KEY_CHARS || key.length > MAX_KEY_CHARS || /\s/.test(key)) {
    throw new BootstrapKeyError(
      `BOOTSTRAP_ADMIN_KEY_FILE: ${file} holds ${key.length} characters; allowed: ${MIN_KEY_CHARS}-${MAX_KEY_CHARS} characters without whitespace`,
    );
  }
  return key;
}
